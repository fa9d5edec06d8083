using System.Threading;
using Npgsql;

namespace CarbonSpaces.Engine.Storage.Postgres
{
    // The store's files and chunks.
    public sealed partial class PostgresStore
    {
        // Made on first use (the constructor is the core's, in PostgresStore.cs): a race makes a spare, which is dropped.
        private PostgresFileStore? _files;
        private PostgresChunkStore? _chunks;

        public IFileStore Files => LazyInitializer.EnsureInitialized(ref _files, () => new PostgresFileStore(this))!;

        public IChunkStore Chunks => LazyInitializer.EnsureInitialized(ref _chunks, () => new PostgresChunkStore(this))!;

        /// <summary>
        /// Prepares a statement that runs per file (queue, status, build …) on the unit of work's connection, once per
        /// pooled connection: Npgsql keeps it prepared there and later calls cost no round trip. A command outside a
        /// unit of work has no connection yet to prepare on; it runs unprepared.
        /// </summary>
        internal static NpgsqlCommand Prepared(NpgsqlCommand command, IUnitOfWork? work)
        {
            if (work != null)
            {
                command.Prepare();
            }

            return command;
        }
    }
}
