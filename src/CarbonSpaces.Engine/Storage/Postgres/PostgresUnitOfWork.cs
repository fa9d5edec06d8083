using System;
using Npgsql;

namespace CarbonSpaces.Engine.Storage.Postgres
{
    /// <summary>
    /// A unit of work on a PostgreSQL store: one pooled connection holding one transaction, both given back when
    /// it is disposed (rolled back unless committed).
    /// </summary>
    internal sealed class PostgresUnitOfWork : IUnitOfWork
    {
        internal PostgresUnitOfWork(NpgsqlConnection connection)
        {
            Connection = connection;
            Transaction = connection.BeginTransaction();
        }

        internal NpgsqlConnection Connection { get; }

        internal NpgsqlTransaction Transaction { get; }

        /// <summary>The PostgreSQL unit of work behind <paramref name="work"/>; null for a read outside any.</summary>
        internal static PostgresUnitOfWork? Of(IUnitOfWork? work) => work switch
        {
            null => null,
            PostgresUnitOfWork postgres => postgres,
            _ => throw new ArgumentException("The unit of work belongs to another store backend.", nameof(work)),
        };

        public void Commit() => Transaction.Commit();

        public void Dispose()
        {
            Transaction.Dispose();
            Connection.Dispose();
        }
    }
}
