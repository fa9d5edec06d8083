using System;

namespace CarbonSpaces.Engine.Storage
{
    /// <summary>
    /// One write to the store that lands whole or not at all. Services open it from the store and hand it to
    /// the store's methods; only the backend knows what it holds (a SQLite transaction today), so no service
    /// depends on a provider's transaction type. Disposing it without <see cref="Commit"/> rolls it back.
    /// </summary>
    public interface IUnitOfWork : IDisposable
    {
        void Commit();
    }
}
