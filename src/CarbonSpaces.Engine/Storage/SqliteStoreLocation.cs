namespace CarbonSpaces.Engine.Storage
{
    /// <summary>A store in one SQLite file: the embedded default.</summary>
    public sealed class SqliteStoreLocation : StoreLocation
    {
        public SqliteStoreLocation(string path)
        {
            Path = path;
        }

        /// <summary>The file's full path.</summary>
        public string Path { get; }

        public override string Display => Path;
    }
}
