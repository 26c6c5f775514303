namespace EdgeTwin.Sync.Store;

/// <summary>
/// A schema as its migration history: script i moves <c>PRAGMA user_version</c> from i to i + 1. Old scripts are
/// never edited, so a database written by any earlier build upgrades by running the scripts it has not seen.
/// </summary>
internal sealed record DatabaseSchema(string Name, IReadOnlyList<string> Migrations, IReadOnlySet<string> KnownTables)
{
    public int CurrentVersion => Migrations.Count;

    public static readonly DatabaseSchema Samples = new(
        "sample store",
        [
            // v1: channels and sealed blocks (unsealed samples live in the tail log file, see TailLog).
            """
            CREATE TABLE channel(id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE);
            CREATE TABLE block(id INTEGER PRIMARY KEY, channel INTEGER NOT NULL, first_seq INTEGER NOT NULL,
                count INTEGER NOT NULL, t_first INTEGER NOT NULL, t_last INTEGER NOT NULL, payload BLOB NOT NULL);
            CREATE INDEX block_by_seq ON block(channel, first_seq);
            CREATE INDEX block_by_time ON block(channel, t_last);
            """,
            // v2: the outbox cursors, persistent counters, and a sequence floor that survives evicting every block.
            """
            ALTER TABLE channel ADD COLUMN seq_floor INTEGER NOT NULL DEFAULT 0;
            CREATE TABLE meta(key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
            CREATE TABLE cursor(destination TEXT NOT NULL, channel INTEGER NOT NULL, seq INTEGER NOT NULL,
                PRIMARY KEY(destination, channel)) WITHOUT ROWID;
            """,
        ],
        new HashSet<string>(["channel", "block", "meta", "cursor"], StringComparer.Ordinal));

    public static readonly DatabaseSchema Events = new(
        "event log",
        [
            """
            CREATE TABLE event(id INTEGER PRIMARY KEY, time_ns INTEGER NOT NULL, type TEXT NOT NULL,
                source TEXT NOT NULL, payload TEXT NOT NULL);
            CREATE INDEX event_by_time ON event(time_ns);
            """,
        ],
        new HashSet<string>(["event"], StringComparer.Ordinal));
}
