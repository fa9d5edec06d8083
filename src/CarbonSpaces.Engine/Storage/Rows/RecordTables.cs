namespace CarbonSpaces.Engine.Storage.Rows
{
    /// <summary>Where the records a user names by id are kept, on every backend.</summary>
    internal static class RecordTables
    {
        /// <summary>The table of records of <paramref name="kind"/>, and the events column that names them (null when no event does).</summary>
        public static (string Table, string? EventColumn) Of(RecordKind kind) => kind switch
        {
            RecordKind.DataSource => ("data_sources", "data_source_id"),
            RecordKind.File => ("files", "file_id"),
            _ => ("items", null),
        };
    }
}
