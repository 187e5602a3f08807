using Enrichment.Local.ControlTable;

namespace Enrichment.Local.Answers;

/// <summary>
/// Job-wide provider answers in the control table's SQLite file (its own table, its own
/// connections; WAL and the busy timeout let the two share the file). Expired rows are never read
/// and are deleted by <see cref="PurgeExpiredAsync"/>, which a put also runs at most once per
/// <see cref="PurgeInterval"/>: the local stand-in for DynamoDB's TTL, so answers (personal data)
/// do not outlive their job.
/// </summary>
public sealed class SqliteProviderAnswerCache : IProviderAnswerCache, IDisposable
{
    public static readonly TimeSpan PurgeInterval = TimeSpan.FromMinutes(10);

    private const string SelectAnswer =
        "SELECT answer FROM provider_answers WHERE job_id = $1 AND provider = $2 AND key = $3 AND expires_at > $4;";

    private const string UpsertAnswer = """
        INSERT INTO provider_answers(job_id, provider, key, answer, expires_at) VALUES($1, $2, $3, $4, $5)
        ON CONFLICT(job_id, provider, key) DO UPDATE SET answer = excluded.answer, expires_at = excluded.expires_at;
        """;

    private const string DeleteExpired = "DELETE FROM provider_answers WHERE expires_at <= $1;";

    private readonly SqliteDatabase _database;
    private readonly TimeProvider _time;
    private long _nextPurgeTicks;

    /// <param name="dataDirectory">The local data directory; answers live in the control table's file there.</param>
    public SqliteProviderAnswerCache(string dataDirectory, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        ArgumentNullException.ThrowIfNull(time);
        _database = new SqliteDatabase(Path.Combine(dataDirectory, SqliteControlTable.FileName), SqliteSchema.Read("answers.sql"));
        _time = time;
        _nextPurgeTicks = time.GetUtcNow().UtcTicks;
    }

    public Task<IReadOnlyDictionary<string, string>> GetManyAsync(string jobId, string provider, IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(jobId);
        ArgumentException.ThrowIfNullOrEmpty(provider);
        ArgumentNullException.ThrowIfNull(keys);
        cancellationToken.ThrowIfCancellationRequested();
        var now = _time.GetUtcNow().ToUnixTimeSeconds();
        var found = _database.Read(s =>
        {
            var answers = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var key in keys)
            {
                // Point lookups on one prepared statement: each is a single index probe.
                if (!answers.ContainsKey(key) && s.Scalar(SelectAnswer, jobId, provider, key, now) is string answer)
                {
                    answers[key] = answer;
                }
            }

            return answers;
        });
        return Task.FromResult<IReadOnlyDictionary<string, string>>(found);
    }

    public Task PutManyAsync(string jobId, string provider, IReadOnlyDictionary<string, string> answers, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(jobId);
        ArgumentException.ThrowIfNullOrEmpty(provider);
        ArgumentNullException.ThrowIfNull(answers);
        cancellationToken.ThrowIfCancellationRequested();
        var now = _time.GetUtcNow();
        var purge = TryClaimPurge(now);
        if (answers.Count == 0 && !purge)
        {
            return Task.CompletedTask;
        }

        var expires = expiresAt.ToUnixTimeSeconds();
        return _database.WriteAsync(
            s =>
            {
                if (purge)
                {
                    s.Execute(DeleteExpired, now.ToUnixTimeSeconds());
                }

                foreach (var (key, answer) in answers)
                {
                    s.Execute(UpsertAnswer, jobId, provider, key, answer, expires);
                }

                return 0;
            },
            cancellationToken);
    }

    /// <summary>Deletes every answer whose expiry has passed; answers how many.</summary>
    public Task<int> PurgeExpiredAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        Interlocked.Exchange(ref _nextPurgeTicks, (now + PurgeInterval).UtcTicks);
        return _database.WriteAsync(s => s.Execute(DeleteExpired, now.ToUnixTimeSeconds()), cancellationToken);
    }

    public void Dispose() => _database.Dispose();

    /// <summary>True for the one caller that moves the next purge time on; concurrent puts skip it.</summary>
    private bool TryClaimPurge(DateTimeOffset now)
    {
        var due = Interlocked.Read(ref _nextPurgeTicks);
        return now.UtcTicks >= due
            && Interlocked.CompareExchange(ref _nextPurgeTicks, (now + PurgeInterval).UtcTicks, due) == due;
    }
}
