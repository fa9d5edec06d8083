using System.Threading;

namespace CarbonSpaces.Engine.Storage.Postgres
{
    /// <summary>The items part of the store: every bucket and object item of its data sources.</summary>
    public sealed partial class PostgresStore
    {
        // Made on first use, as the SQLite store's Lazy areas are; this part cannot reach the constructor.
        private PostgresItemStore? _items;

        public IItemStore Items => LazyInitializer.EnsureInitialized(ref _items, () => new PostgresItemStore(this))!;
    }
}
