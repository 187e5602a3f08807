using System.Collections.Frozen;
using System.Numerics;

namespace Enrichment.Core.Providers;

/// <summary>
/// A record's enrichment values by column name. The product's own columns (<see cref="OutputColumns"/>)
/// have fixed slots in one small array, with a bit per slot for "set" (a column set to null is set:
/// <see cref="EmailFields"/> tells "no email" from "not looked at yet" by it); any other name (an HTTP
/// provider's columns, a provider's private keys) goes to a dictionary made on first use.
/// </summary>
/// <remarks>
/// Issue 13: every record of a job had a 32-entry dictionary, about 1,000 bytes, a third of what the
/// no-pipeline baseline allocated per row; the slots are about 250.
/// </remarks>
public sealed class RecordOutput
{
    /// <summary>The slotted columns: every column the offline providers set.</summary>
    private static readonly string[] Slotted =
    [
        OutputColumns.RecordStatus, OutputColumns.RecordErrors, OutputColumns.EmailNormalized, OutputColumns.EmailValid,
        OutputColumns.EmailDomain, OutputColumns.EmailKind, OutputColumns.PhoneE164, OutputColumns.PhoneCountry,
        OutputColumns.PhoneType, OutputColumns.FirstName, OutputColumns.LastName, OutputColumns.CountryCode,
        OutputColumns.CompanyDomain, OutputColumns.DuplicateOf, OutputColumns.EmailStatus, OutputColumns.EmailReason,
        OutputColumns.EmailSuggestion, OutputColumns.EmailCanonical, OutputColumns.CompanyNameNormalized,
        OutputColumns.NamePrefix, OutputColumns.NameSuffix, OutputColumns.FirstNameFormal, OutputColumns.PhoneCarrier,
        OutputColumns.PhoneRegion, OutputColumns.PhoneTimezone, OutputColumns.DuplicatePhoneOf,
    ];

    private static readonly FrozenDictionary<string, int> SlotOf =
        Slotted.Select((column, slot) => KeyValuePair.Create(column, slot)).ToFrozenDictionary(StringComparer.Ordinal);

    private readonly string?[] _slots = new string?[Slotted.Length];
    private ulong _set;
    private Dictionary<string, string?>? _other;

    /// <summary>How many columns are set.</summary>
    public int Count => BitOperations.PopCount(_set) + (_other?.Count ?? 0);

    /// <summary>The values set, slotted columns first.</summary>
    public IEnumerable<string?> Values
    {
        get
        {
            for (var slot = 0; slot < _slots.Length; slot++)
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

    public bool ContainsKey(string column) => TryGetValue(column, out _);

    public bool TryGetValue(string column, out string? value)
    {
        ArgumentNullException.ThrowIfNull(column);
        if (SlotOf.TryGetValue(column, out var slot))
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
        if (SlotOf.TryGetValue(column, out var slot))
        {
            _slots[slot] = value;
            _set |= 1UL << slot;
            return;
        }

        (_other ??= new Dictionary<string, string?>(StringComparer.Ordinal))[column] = value;
    }
}
