using System;
using Npgsql;

namespace CarbonSpaces.Engine.Storage.Postgres
{
    /// <summary>
    /// A store in a PostgreSQL database that several processes on several machines share. It holds a pool of
    /// connections (an Npgsql data source): a unit of work takes one connection and one transaction for its life;
    /// a read outside any takes a pooled connection for the one statement. Each area of the store (data sources,
    /// items, files and chunks, search …) is a part of this class in a file of its own, made on first use.
    /// </summary>
    public sealed partial class PostgresStore : IStore
    {
        private readonly NpgsqlDataSource _dataSource;

        private PostgresStore(PostgresStoreLocation location, NpgsqlDataSource dataSource)
        {
            Location = location.Display;
            _dataSource = dataSource;
        }

        public string Location { get; }

        /// <summary>Connects, brings the schema up to date (safe when other processes open the store at once) and keeps the pool.</summary>
        public static PostgresStore Open(PostgresStoreLocation location) => new PostgresStore(location, PostgresDatabase.Open(location));

        public IUnitOfWork BeginWrite() => new PostgresUnitOfWork(_dataSource.OpenConnection());

        /// <summary>
        /// A command on the unit of work's connection and transaction, or, with no unit of work, one that takes a
        /// pooled connection when it runs and gives it back when it (or its reader) is disposed.
        /// </summary>
        internal NpgsqlCommand Command(string sql, IUnitOfWork? work = null)
        {
            var unit = PostgresUnitOfWork.Of(work);
            return unit == null ? _dataSource.CreateCommand(sql) : new NpgsqlCommand(sql, unit.Connection, unit.Transaction);
        }

        /// <summary>A connection of the pool for several statements outside a unit of work (a batch of reads); the caller disposes it.</summary>
        internal NpgsqlConnection OpenConnection() => _dataSource.OpenConnection();

        public void Dispose() => _dataSource.Dispose();
    }
}
