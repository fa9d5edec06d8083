using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CarbonSpaces.Engine.Connections;
using CarbonSpaces.Engine.Items;
using CarbonSpaces.Engine.Sources;

namespace CarbonSpaces.Engine.Ingest
{
    /// <summary>
    /// The S3 side of one resync: a connection per data source, opened when first needed and closed
    /// at the end, and the listings that check the files of a bucket with many of them at once. A
    /// listing may be started early, before the files are read from the store, and taken when they are.
    /// </summary>
    internal sealed class ResyncListings
    {
        /// <summary>Pages listed ahead of the reader: enough to go on listing while ten thousand files are read from the store.</summary>
        private const int PagesAhead = 4;

        private readonly SourceConnector _connector;
        private readonly int _pageSize;
        private readonly IReadOnlyList<ListingScope> _scopes;
        private readonly Dictionary<long, S3Connection> _connections = new Dictionary<long, S3Connection>();
        private readonly Dictionary<ListingScope, ListingFeed> _started = new Dictionary<ListingScope, ListingFeed>();

        /// <param name="scopes">The buckets whose files are checked with a listing.</param>
        public ResyncListings(SourceConnector connector, int pageSize, IReadOnlyList<ListingScope> scopes)
        {
            _connector = connector;
            _pageSize = pageSize;
            _scopes = scopes;
        }

        /// <summary>The bucket with the most files to check with a listing, if any.</summary>
        public ListingScope? Largest => _scopes.OrderByDescending(s => s.Files).FirstOrDefault();

        public S3Connection ConnectionFor(DataSource source)
        {
            if (!_connections.TryGetValue(source.Id, out var connection))
            {
                connection = _connector.Open(source);
                _connections[source.Id] = connection;
            }

            return connection;
        }

        public void StartEarly(DataSource source, ListingScope scope, CancellationToken cancellation) =>
            _started[scope] = Start(source, scope, cancellation);

        /// <summary>
        /// The listing of the files of <paramref name="bucket"/>, started early or now (the caller
        /// stops it), or null if the bucket has too few of them to list: those are HEADed.
        /// </summary>
        public ListingFeed? Take(DataSource source, string bucket, CancellationToken cancellation)
        {
            var scope = _scopes.FirstOrDefault(s => s.DataSourceId == source.Id && s.Bucket == bucket);
            if (scope == null)
            {
                return null;
            }

            if (_started.TryGetValue(scope, out var feed))
            {
                _started.Remove(scope);
                return feed;
            }

            return Start(source, scope, cancellation);
        }

        /// <summary>Stops the listings nobody took (the resync failed or was stopped first), then closes the connections.</summary>
        public async Task CloseAsync()
        {
            foreach (var feed in _started.Values)
            {
                await feed.StopAsync().ConfigureAwait(false);
            }

            foreach (var connection in _connections.Values)
            {
                connection.Dispose();
            }
        }

        /// <summary>
        /// A listing that runs past a few times the number of files stops (the files not reached
        /// yet are checked with HEAD instead): a few files among millions of keys cost no more than their HEADs.
        /// </summary>
        private ListingFeed Start(DataSource source, ListingScope scope, CancellationToken cancellation) =>
            ListingFeed.UpTo(ConnectionFor(source).Client, source, scope.Bucket, scope.Prefix, scope.LastKey, budget: (4L * scope.Files) + 1000, _pageSize, PagesAhead, cancellation);
    }
}
