using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using CarbonSpaces.Engine.Common;
using CarbonSpaces.Engine.Connections;
using CarbonSpaces.Engine.Sources;
using CarbonSpaces.Engine.Storage;
using CarbonSpaces.Engine.Tests.TestSupport;
using Xunit;

namespace CarbonSpaces.Engine.Tests.Sources
{
    public sealed class ConnectTests
    {
        [Fact]
        public async Task ARightKeyIsVerifiedAndSavedAsAnS3DataSource()
        {
            using var temp = new TempStore();
            using var engine = temp.Open();

            var result = await engine.DataSources.ConnectAsync(TestS3.ConnectRequest("reports"), SilentReporter.Instance, CancellationToken.None);

            Assert.True(result.Created);
            var saved = Assert.Single(engine.DataSources.List());
            Assert.Equal("reports", saved.Name);
            Assert.Equal("S3", saved.DataSourceMetadata);
            Assert.Equal(TestS3.Server.AccessKey, saved.AccessKeyId);
            Assert.Equal("tests@example.com", saved.CustomerId);
            Assert.Equal(CredentialSource.Session, saved.Credential.Source);
        }

        [Fact]
        public async Task ReconnectingTheSameEndpointAndKeyUpdatesTheDataSourceInsteadOfDuplicatingIt()
        {
            using var temp = new TempStore();
            using var engine = temp.Open();
            var first = await engine.DataSources.ConnectAsync(TestS3.ConnectRequest("first"), SilentReporter.Instance, CancellationToken.None);

            var request = TestS3.ConnectRequest("renamed");
            request.Endpoint = TestS3.Server.Endpoint + "/";
            request.Provider = SourceProvider.DigitalOcean;
            var second = await engine.DataSources.ConnectAsync(request, SilentReporter.Instance, CancellationToken.None);

            Assert.False(second.Created);
            Assert.Equal(first.DataSource.Id, second.DataSource.Id);
            var saved = Assert.Single(engine.DataSources.List());
            Assert.Equal("renamed", saved.Name);
            Assert.Equal("DigitalOcean Space", saved.DataSourceMetadata);
        }

        [Fact]
        public async Task OnlyIdsThatNameNoDataSourceAreMissingEachOnce()
        {
            using var temp = new TempStore();
            using var engine = temp.Open();
            var saved = (await engine.DataSources.ConnectAsync(TestS3.ConnectRequest("kept"), SilentReporter.Instance, CancellationToken.None)).DataSource;

            Assert.Equal(new[] { saved.Id + 7, saved.Id + 3 }, engine.UnknownIds.Find(RecordKind.DataSource, new[] { saved.Id + 7, saved.Id, saved.Id + 3, saved.Id + 7 }));
            Assert.Empty(engine.UnknownIds.Find(RecordKind.DataSource, new[] { saved.Id }));
        }

        [Fact]
        public async Task AWrongSecretIsRefusedNamingTheKeyAndNothingIsSaved()
        {
            using var temp = new TempStore();
            using var engine = temp.Open();
            var request = TestS3.ConnectRequest();
            request.Credentials = new S3Credentials(TestS3.Server.AccessKey, "definitely-not-the-secret");

            var error = await Assert.ThrowsAsync<CarbonSpacesException>(() => engine.DataSources.ConnectAsync(request, SilentReporter.Instance, CancellationToken.None));

            Assert.Equal("CarbonSpaces.SecretMismatch", error.ErrorId);
            Assert.Equal(FailureKind.AuthenticationFailed, error.Kind);
            Assert.Contains(TestS3.Server.AccessKey, error.Message);
            Assert.DoesNotContain("definitely-not-the-secret", error.Message);
            Assert.Empty(engine.DataSources.List());
        }

        [Fact]
        public async Task AnUnknownAccessKeyIsRefusedAndNothingIsSaved()
        {
            using var temp = new TempStore();
            using var engine = temp.Open();
            var request = TestS3.ConnectRequest();
            request.Credentials = new S3Credentials("NOSUCHKEY0000000000", "whatever");

            var error = await Assert.ThrowsAsync<CarbonSpacesException>(() => engine.DataSources.ConnectAsync(request, SilentReporter.Instance, CancellationToken.None));

            Assert.Equal("CarbonSpaces.UnknownAccessKey", error.ErrorId);
            Assert.Contains("NOSUCHKEY0000000000", error.Message);
            Assert.Empty(engine.DataSources.List());
        }

        [Fact]
        public async Task ARefusedConnectionFailsVerificationAtOnceAndSaysSo()
        {
            using var temp = new TempStore();
            using var engine = temp.Open();
            var request = TestS3.ConnectRequest();
            var port = ClosedPort();
            request.Endpoint = $"http://127.0.0.1:{port}";
            var clock = Stopwatch.StartNew();

            var error = await Assert.ThrowsAsync<CarbonSpacesException>(() => engine.DataSources.ConnectAsync(request, SilentReporter.Instance, CancellationToken.None));

            Assert.Equal(("CarbonSpaces.EndpointUnreachable", FailureKind.ConnectionFailed), (error.ErrorId, error.Kind));
            Assert.StartsWith($"127.0.0.1:{port} refused the connection. Check the endpoint name and port,", error.Message);
            Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(3));
            Assert.Empty(engine.DataSources.List());
        }

        [Fact]
        public async Task AnEndpointThatDoesNotAnswerFailsWithinTheVerifyTimeout()
        {
            // Accepts connections and never answers.
            var silent = new TcpListener(IPAddress.Loopback, 0);
            silent.Start();
            var connections = new System.Collections.Concurrent.ConcurrentBag<TcpClient>();
            _ = Task.Run(async () =>
            {
                while (true)
                {
                    connections.Add(await silent.AcceptTcpClientAsync());
                }
            });
            try
            {
                using var temp = new TempStore();
                using var engine = temp.Open(settings: new S3ClientSettings { VerifyTimeout = TimeSpan.FromSeconds(2) });
                var request = TestS3.ConnectRequest();
                request.Endpoint = $"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}";
                var clock = Stopwatch.StartNew();

                var error = await Assert.ThrowsAsync<CarbonSpacesException>(() => engine.DataSources.ConnectAsync(request, SilentReporter.Instance, CancellationToken.None));

                Assert.Equal("CarbonSpaces.EndpointUnreachable", error.ErrorId);
                Assert.Contains("did not answer in time", error.Message);
                // The timeout's timer and the stopwatch are different clocks: it was seen to fire at 1.99985 s.
                Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1.9), TimeSpan.FromSeconds(10));
                Assert.Empty(engine.DataSources.List());
            }
            finally
            {
                silent.Stop();
                foreach (var connection in connections)
                {
                    connection.Dispose();
                }
            }
        }

        [Fact]
        public async Task AConnectionResetWhileVerifyingIsRetriedAndTheKeyIsSaved()
        {
            using var proxy = new FaultInjectingProxy(TestS3.Server.Endpoint);
            proxy.Faults = r => r.Operation == "ListBuckets" && r.Attempt == 1 ? FaultInjectingProxy.Fault.ResetDuringHeaders : FaultInjectingProxy.Fault.None;
            using var temp = new TempStore();
            using var engine = temp.Open();
            var request = TestS3.ConnectRequest();
            request.Endpoint = proxy.Endpoint;

            await engine.DataSources.ConnectAsync(request, SilentReporter.Instance, CancellationToken.None);

            Assert.Equal(2, proxy.RequestsFor("ListBuckets"));
            Assert.Single(engine.DataSources.List());
        }

        [Fact]
        public async Task TheDefaultVerifyTimeoutIsAtMostFifteenSeconds()
        {
            Assert.True(new S3ClientSettings().VerifyTimeout <= TimeSpan.FromSeconds(15));
            using var temp = new TempStore();
            using var engine = temp.Open();
            var request = TestS3.ConnectRequest();
            request.Endpoint = $"http://127.0.0.1:{ClosedPort()}";
            var clock = Stopwatch.StartNew();

            await Assert.ThrowsAsync<CarbonSpacesException>(() => engine.DataSources.ConnectAsync(request, SilentReporter.Instance, CancellationToken.None));

            Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(16));
        }

        [Fact]
        public async Task TheSecretNeverReachesTheStoreFiles()
        {
            using var temp = new TempStore();
            var user = TestS3.NewUser();
            var host = new TestCredentialHost();
            using (var engine = temp.Open(host))
            {
                var result = await engine.DataSources.ConnectAsync(TestS3.ConnectRequest(credentials: user), SilentReporter.Instance, CancellationToken.None);
                host.Remember(result.DataSource.Endpoint, result.Credentials);
                await engine.ItemSync.SyncAsync(result.DataSource.Id, null, SilentReporter.Instance, CancellationToken.None);
            }

            var secret = Encoding.UTF8.GetBytes(user.SecretAccessKey);
            var files = Directory.GetFiles(temp.Directory);
            Assert.Contains(files, f => f.EndsWith("carbon.db", StringComparison.Ordinal));
            foreach (var file in files)
            {
                var bytes = File.ReadAllBytes(file);
                Assert.False(Contains(bytes, secret), $"{Path.GetFileName(file)} holds the secret key");
                Assert.False(Contains(bytes, Encoding.Unicode.GetBytes(user.SecretAccessKey)), $"{Path.GetFileName(file)} holds the secret key (UTF-16)");
            }
        }

        [Fact]
        public async Task ASessionSecretIsNotAvailableToAnotherProcessAndSaysWhatToDo()
        {
            using var temp = new TempStore();
            long id;
            using (var engine = temp.Open())
            {
                id = (await engine.DataSources.ConnectAsync(TestS3.ConnectRequest(), SilentReporter.Instance, CancellationToken.None)).DataSource.Id;
            }

            using var laterProcess = temp.Open(new TestCredentialHost());
            var error = await Assert.ThrowsAsync<CarbonSpacesException>(() => laterProcess.ItemSync.SyncAsync(id, null, SilentReporter.Instance, CancellationToken.None));

            Assert.Equal("CarbonSpaces.CredentialUnavailable", error.ErrorId);
            Assert.Contains("-SecretName", error.Message);
        }

        [Fact]
        public async Task ASessionSecretHeldByTheHostIsUsedForLaterCommands()
        {
            using var temp = new TempStore();
            var host = new TestCredentialHost();
            using var engine = temp.Open(host);
            var connected = await engine.DataSources.ConnectAsync(TestS3.ConnectRequest(credentials: TestS3.NewUser()), SilentReporter.Instance, CancellationToken.None);
            host.Remember(connected.DataSource.Endpoint, connected.Credentials);

            var result = await engine.ItemSync.SyncAsync(connected.DataSource.Id, null, SilentReporter.Instance, CancellationToken.None);

            Assert.True(result.Buckets >= 0);
            Assert.Equal(DataSourceStatus.Ready, engine.DataSources.Get(connected.DataSource.Id).SyncStatus);
        }

        [Fact]
        public async Task ASecretManagementSecretIsReadThroughTheHostAndOnlyItsNameIsStored()
        {
            using var temp = new TempStore();
            var host = new TestCredentialHost();
            host.Vault["spaces-key"] = TestS3.NewUser();
            using var engine = temp.Open(host);
            var request = TestS3.ConnectRequest();
            request.Credential = new CredentialReference(CredentialSource.SecretManagement, "spaces-key", "TestVault");
            request.Credentials = null;

            var connected = await engine.DataSources.ConnectAsync(request, SilentReporter.Instance, CancellationToken.None);
            await engine.ItemSync.SyncAsync(connected.DataSource.Id, null, SilentReporter.Instance, CancellationToken.None);

            var saved = engine.DataSources.Get(connected.DataSource.Id);
            Assert.Equal("SecretManagement:spaces-key@TestVault", saved.Credential.ToString());
        }

        [Fact]
        public async Task ADataSourceThatDoesNotExistIsReportedByItsId()
        {
            using var temp = new TempStore();
            using var engine = temp.Open();

            var error = await Assert.ThrowsAsync<CarbonSpacesException>(() => engine.ItemSync.SyncAsync(4242, null, SilentReporter.Instance, CancellationToken.None));

            Assert.Equal("CarbonSpaces.DataSourceNotFound", error.ErrorId);
            Assert.Contains("4242", error.Message);
        }

        [Fact]
        public async Task DataSourcesAreListedByNameWildcardAndCustomer()
        {
            using var temp = new TempStore();
            using var engine = temp.Open();
            await engine.DataSources.ConnectAsync(TestS3.ConnectRequest("Quarterly reports"), SilentReporter.Instance, CancellationToken.None);

            Assert.Single(engine.DataSources.List(names: new[] { "quarterly*" }));
            Assert.Empty(engine.DataSources.List(names: new[] { "annual*" }));
            Assert.Single(engine.DataSources.List(customerIds: new[] { "TESTS@example.com" }));
        }

        [Fact]
        public async Task DisconnectingForgetsTheDataSourceAndItsItems()
        {
            using var temp = new TempStore();
            var host = new TestCredentialHost();
            using var engine = temp.Open(host);
            var connected = await engine.DataSources.ConnectAsync(TestS3.ConnectRequest(credentials: TestS3.NewUser()), SilentReporter.Instance, CancellationToken.None);
            host.Remember(connected.DataSource.Endpoint, connected.Credentials);
            await engine.ItemSync.SyncAsync(connected.DataSource.Id, null, SilentReporter.Instance, CancellationToken.None);

            engine.DataSources.Disconnect(connected.DataSource.Id, removeFiles: false);

            Assert.Empty(engine.DataSources.List());
            Assert.Empty(engine.Items.Query(new CarbonSpaces.Engine.Items.ItemQuery { DataSourceIds = new[] { connected.DataSource.Id } }));
            Assert.Contains(engine.Events.Query(new CarbonSpaces.Engine.Events.EventQuery()), e => e.Type == "REVOKE");
        }

        private static int ClosedPort()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            return port;
        }

        private static bool Contains(byte[] haystack, byte[] needle)
        {
            for (var i = 0; i <= haystack.Length - needle.Length; i++)
            {
                if (haystack.AsSpan(i, needle.Length).SequenceEqual(needle))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
