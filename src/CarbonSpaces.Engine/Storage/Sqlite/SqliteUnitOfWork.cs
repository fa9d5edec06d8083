using System;
using Microsoft.Data.Sqlite;

namespace CarbonSpaces.Engine.Storage.Sqlite
{
    /// <summary>A unit of work on the SQLite store: one immediate (write-locking) transaction.</summary>
    internal sealed class SqliteUnitOfWork : IUnitOfWork
    {
        internal SqliteUnitOfWork(SqliteTransaction transaction)
        {
            Transaction = transaction;
        }

        internal SqliteTransaction Transaction { get; }

        /// <summary>The transaction behind a unit of work of this store; null reads outside any.</summary>
        internal static SqliteTransaction? Of(IUnitOfWork? work) => work switch
        {
            null => null,
            SqliteUnitOfWork sqlite => sqlite.Transaction,
            _ => throw new ArgumentException("The unit of work belongs to another store backend.", nameof(work)),
        };

        public void Commit() => Transaction.Commit();

        public void Dispose() => Transaction.Dispose();
    }
}
