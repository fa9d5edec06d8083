using System;
using System.Threading;
using System.Threading.Tasks;
using CarbonSpaces.Engine;
using CarbonSpaces.Engine.Common;
using CarbonSpaces.Engine.Connections;
using CarbonSpaces.Engine.Sources;

namespace CarbonSpaces.Benchmarks.Harness
{
    /// <summary>
    /// An engine over one store with one connected data source, as a PowerShell session has after
    /// Connect-CarbonSpace -Credential: the cmdlets call the same engine methods.
    /// </summary>
    internal sealed class EngineSession : IDisposable
    {
        private EngineSession(CarbonEngine engine, long dataSourceId)
        {
            Engine = engine;
            DataSourceId = dataSourceId;
        }

        public CarbonEngine Engine { get; }

        public long DataSourceId { get; }

        /// <param name="tally">Receives every S3 request the engine makes (counting only while it records).</param>
        public static Task<EngineSession> OpenAsync(string storePath, S3Account account, string customerId, RequestTally? tally = null) =>
            OpenAsync(storePath, account, customerId, new S3ClientSettings { RequestObserver = tally == null ? null : tally.Observe });

        /// <summary>A session for a warm-up pass: on the warm-up account, listing in pages of <see cref="ChildHost.WarmUpPageSize"/> keys.</summary>
        public static Task<EngineSession> OpenWarmUpAsync(string storePath, ChildRequest request) =>
            OpenAsync(storePath, request.WarmAccount, Work.WarmStore.CustomerId, new S3ClientSettings { ListPageSize = ChildHost.WarmUpPageSize });

        private static async Task<EngineSession> OpenAsync(string storePath, S3Account account, string customerId, S3ClientSettings settings)
        {
            var host = new BenchCredentialHost();
            var engine = CarbonEngine.Open(storePath, host, settings);
            try
            {
                var connected = await engine.DataSources.ConnectAsync(
                    new ConnectRequest
                    {
                        Endpoint = account.Endpoint,
                        Region = account.Region,
                        Credential = new CredentialReference(CredentialSource.Session),
                        Credentials = account.Credentials(),
                        CustomerId = customerId,
                        Name = "bench",
                    },
                    SilentReporter.Instance,
                    CancellationToken.None).ConfigureAwait(false);
                host.Remember(connected.DataSource.Endpoint, connected.Credentials);
                return new EngineSession(engine, connected.DataSource.Id);
            }
            catch
            {
                engine.Dispose();
                throw;
            }
        }

        public void Dispose() => Engine.Dispose();
    }
}
