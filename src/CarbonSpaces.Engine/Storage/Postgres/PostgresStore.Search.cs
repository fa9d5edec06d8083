using System.Threading;

namespace CarbonSpaces.Engine.Storage.Postgres
{
    /// <summary>The PostgreSQL store's search: its keyword index and its vectors, each made on first use.</summary>
    public sealed partial class PostgresStore
    {
        // Made by LazyInitializer, not in the constructor: the constructor belongs to the core part of this class.
        private PostgresKeywordIndex? _keywords;
        private PostgresVectorIndex? _vectors;

        public IKeywordIndex Keywords => LazyInitializer.EnsureInitialized(ref _keywords, () => new PostgresKeywordIndex(this))!;

        public IVectorIndex Vectors => LazyInitializer.EnsureInitialized(ref _vectors, () => new PostgresVectorIndex(this))!;
    }
}
