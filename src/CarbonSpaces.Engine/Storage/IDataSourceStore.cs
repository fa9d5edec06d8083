using System;
using System.Collections.Generic;
using CarbonSpaces.Engine.Sources;

namespace CarbonSpaces.Engine.Storage
{
    /// <summary>The saved data sources: endpoint, key id, where the secret comes from (never the secret), tags and sync state.</summary>
    public interface IDataSourceStore
    {
        /// <summary>Data sources matching every filter given (none: all), by id; names with PowerShell wildcards, names and customer ids without regard to case.</summary>
        IReadOnlyList<DataSource> List(IReadOnlyCollection<long>? ids = null, IReadOnlyCollection<string>? names = null, IReadOnlyCollection<string>? customerIds = null);

        DataSource? Find(long id, IUnitOfWork? work = null);

        /// <exception cref="Common.CarbonSpacesException">CarbonSpaces.DataSourceNotFound when there is none with that id.</exception>
        DataSource Get(long id, IUnitOfWork? work = null);

        /// <summary>The data source saved for this endpoint and access key, if any: connecting it again updates it.</summary>
        DataSource? FindByKey(string endpoint, string accessKeyId, IUnitOfWork? work = null);

        /// <returns>The new data source's id.</returns>
        long Insert(IUnitOfWork work, DataSource source);

        /// <summary>Saves what a reconnect may change (name, customer, endpoint, key, credential, tags); not the sync state.</summary>
        void Update(IUnitOfWork work, DataSource source);

        /// <param name="work">The write this belongs to; null to save it on its own at once.</param>
        /// <param name="itemsSyncedAt">When a listing finished; null keeps the last one.</param>
        void SetSyncState(IUnitOfWork? work, long id, string status, string? errorMessage, DateTimeOffset? itemsSyncedAt);

        void Delete(IUnitOfWork work, long id);
    }
}
