using System.Numerics;
using System.Runtime.CompilerServices;

namespace Enrichment.Core.Providers;

/// <summary>
/// A record's enrichment values by column name. The product's own columns (<see cref="OutputColumns"/>)
/// have fixed slots in one small array, with a bit per slot for "set" (a column set to null is set:
/// <see cref="EmailFields"/> tells "no email" from "not looked at yet" by it); any other name (an HTTP
/// provider's columns, a provider's private keys) goes to a dictionary made on first use.
/// </summary>
/// <remarks>
/// Issue 13: every record of a job had a 32-entry dictionary, about 1,000 bytes, a third of what the
/// no-pipeline baseline allocated per row; the slots are about 250. The slots live inside this
/// object (one allocation a record, not two), and a column finds its slot by a string switch (its
/// length, a character or two, then one comparison) rather than a hashed lookup: the chain and the
/// writer look columns up about 60 times a row.
/// </remarks>
public sealed class RecordOutput
{
    /// <summary>How many columns have slots: every column the offline providers set (see <see cref="SlotOf"/>).</summary>
    private const int SlotCount = 26;

    private Slots _slots;
    private ulong _set;
    private Dictionary<string, string?>? _other;

    /// <summary>How many columns are set.</summary>
    public int Count => BitOperations.PopCount(_set) + (_other?.Count ?? 0);

    /// <summary>The values set, slotted columns first.</summary>
    public IEnumerable<string?> Values
    {
        get
        {
            for (var slot = 0; slot < SlotCount; slot++)
            {
                if ((_set & (1UL << slot)) != 0)
                {
                    yield return _slots[slot];
                }
            }

            foreach (var value in _other?.Values ?? Enumerable.Empty<string?>())
            {
                yield return value;
            }
        }
    }

    /// <summary>Unsets every column, as a new output is (a pooled record's, reused).</summary>
    internal void Clear()
    {
        _slots = default;
        _set = 0;
        _other = null;
    }

    public bool ContainsKey(string column) => TryGetValue(column, out _);

    public bool TryGetValue(string column, out string? value)
    {
        ArgumentNullException.ThrowIfNull(column);
        var slot = SlotOf(column);
        if (slot >= 0)
        {
            value = _slots[slot];
            return (_set & (1UL << slot)) != 0;
        }

        value = null;
        return _other is not null && _other.TryGetValue(column, out value);
    }

    public void Set(string column, string? value)
    {
        ArgumentNullException.ThrowIfNull(column);
        var slot = SlotOf(column);
        if (slot >= 0)
        {
            _slots[slot] = value;
            _set |= 1UL << slot;
            return;
        }

        (_other ??= new Dictionary<string, string?>(StringComparer.Ordinal))[column] = value;
    }

    /// <summary>The slot of a product column, or -1 for any other name.</summary>
    private static int SlotOf(string column) => column switch
    {
        OutputColumns.RecordStatus => 0,
        OutputColumns.RecordErrors => 1,
        OutputColumns.EmailNormalized => 2,
        OutputColumns.EmailValid => 3,
        OutputColumns.EmailDomain => 4,
        OutputColumns.EmailKind => 5,
        OutputColumns.PhoneE164 => 6,
        OutputColumns.PhoneCountry => 7,
        OutputColumns.PhoneType => 8,
        OutputColumns.FirstName => 9,
        OutputColumns.LastName => 10,
        OutputColumns.CountryCode => 11,
        OutputColumns.CompanyDomain => 12,
        OutputColumns.DuplicateOf => 13,
        OutputColumns.EmailStatus => 14,
        OutputColumns.EmailReason => 15,
        OutputColumns.EmailSuggestion => 16,
        OutputColumns.EmailCanonical => 17,
        OutputColumns.CompanyNameNormalized => 18,
        OutputColumns.NamePrefix => 19,
        OutputColumns.NameSuffix => 20,
        OutputColumns.FirstNameFormal => 21,
        OutputColumns.PhoneCarrier => 22,
        OutputColumns.PhoneRegion => 23,
        OutputColumns.PhoneTimezone => 24,
        OutputColumns.DuplicatePhoneOf => 25,
        _ => -1,
    };

    [InlineArray(SlotCount)]
    private struct Slots
    {
        private string? _first;
    }
}
