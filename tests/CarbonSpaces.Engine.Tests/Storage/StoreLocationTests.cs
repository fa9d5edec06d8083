using System;
using System.IO;
using System.Net;
using CarbonSpaces.Engine.Common;
using CarbonSpaces.Engine.Storage;
using CarbonSpaces.Engine.Storage.Postgres;
using CarbonSpaces.Engine.Tests.TestSupport;
using Npgsql;
using Xunit;

namespace CarbonSpaces.Engine.Tests.Storage
{
    public sealed class StoreLocationTests
    {
        private const string Secret = "s3cr%t:p@ss";

        [Theory]
        [InlineData("carbon.db")]
        [InlineData("/tmp/with=equals;and-semicolon.db")]
        [InlineData("./host=x;y.db")]
        public void AnythingElseIsASqliteFileTakenAsAFullPath(string path)
        {
            var location = Assert.IsType<SqliteStoreLocation>(StoreLocation.Resolve(path));
            Assert.Equal(Path.GetFullPath(path), location.Path);
            Assert.Equal(location.Path, location.Display);
            Assert.False(StoreLocation.IsServerLocation(path));
        }

        [Theory]
        [InlineData("postgresql://carbon@db.example.com:6543/store", "db.example.com", 6543, "store", "carbon")]
        [InlineData("postgres://db.example.com/store", "db.example.com", 5432, "store", null)]
        [InlineData("POSTGRESQL://carbon@[::1]:5433/store", "::1", 5433, "store", "carbon")]
        [InlineData("postgresql://we%20b@db/st%C3%B6re", "db", 5432, "st\u00f6re", "we b")]
        [InlineData("Host=db.example.com;Port=6543;Database=store;Username=carbon", "db.example.com", 6543, "store", "carbon")]
        [InlineData(" server = db.example.com ; database=store", "db.example.com", 5432, "store", null)]
        public void PostgresUrisAndConnectionStringsAreRead(string text, string host, int port, string database, string? user)
        {
            Assert.True(StoreLocation.IsServerLocation(text));
            var builder = Builder(StoreLocation.Resolve(text));
            Assert.Equal(host, builder.Host);
            Assert.Equal(port, builder.Port);
            Assert.Equal(database, builder.Database);
            Assert.Equal(user, builder.Username);
            Assert.Equal("CarbonSpaces", builder.ApplicationName);
        }

        [Fact]
        public void UriParametersBecomeNpgsqlSettings()
        {
            var builder = Builder(StoreLocation.Resolve(
                "postgresql://carbon@db/store?sslmode=verify-full&sslrootcert=%2Fetc%2Fca.pem&application_name=runbook&connect_timeout=7&target_session_attrs=read-write"));
            Assert.Equal(SslMode.VerifyFull, builder.SslMode);
            Assert.Equal("/etc/ca.pem", builder.RootCertificate);
            Assert.Equal("runbook", builder.ApplicationName);
            Assert.Equal(7, builder.Timeout);
            Assert.Equal("read-write", builder.TargetSessionAttributes);
        }

        [Fact]
        public void SeveralHostsKeepTheirOwnPorts()
        {
            var location = StoreLocation.Resolve("postgresql://carbon@primary:5432,standby:5433/store");
            Assert.Equal("primary:5432,standby:5433", Builder(location).Host);
            Assert.Equal("postgresql://carbon@primary:5432,standby:5433/store", location.Display);
        }

        [Theory]
        [InlineData("postgresql://carbon:s3cr%25t%3Ap%40ss@db.example.com:6543/store")]
        [InlineData("postgresql://carbon@db.example.com:6543/store?password=s3cr%25t%3Ap%40ss")]
        [InlineData("Host=db.example.com;Port=6543;Database=store;Username=carbon;Password='s3cr%t:p@ss'")]
        public void ThePasswordReachesNpgsqlButNeverTheDisplay(string text)
        {
            var location = StoreLocation.Resolve(text);
            Assert.Equal(Secret, Builder(location).Password);
            Assert.Equal("postgresql://carbon@db.example.com:6543/store", location.Display);
            Assert.Equal(location.Display, location.ToString());
            Assert.Equal(location.Display, $"{location}");
            Assert.DoesNotContain("s3cr", location.Display, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("postgresql://someone@db.example.com:6543/store")]
        [InlineData("postgresql://someone:old@db.example.com:6543/store")]
        [InlineData("Host=db.example.com;Port=6543;Database=store")]
        public void AStoreCredentialGivesTheUserAndPasswordButNeverTheDisplay(string text)
        {
            var location = StoreLocation.Resolve(text, new NetworkCredential("carbon", Secret));
            var builder = Builder(location);
            Assert.Equal("carbon", builder.Username);
            Assert.Equal(Secret, builder.Password);
            Assert.Equal("postgresql://carbon@db.example.com:6543/store", location.Display);
        }

        [Fact]
        public void AStoreCredentialForASqliteFileIsRefused()
        {
            var error = Assert.Throws<CarbonSpacesException>(() => StoreLocation.Resolve("carbon.db", new NetworkCredential("carbon", Secret)));
            Assert.Equal("CarbonSpaces.InvalidStoreCredential", error.ErrorId);
            Assert.Contains(Path.GetFullPath("carbon.db"), error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("s3cr", error.Message, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("postgresql://carbon:s3cret@db:99999/store", "port '99999'")]
        [InlineData("postgresql://carbon:s3cret@db/store?sslmode=sometimes", "'sslmode'")]
        [InlineData("postgresql://carbon:s3cret@db/store?keepalives=1", "'keepalives'")]
        [InlineData("postgresql://carbon:s3cret@/store", "no host")]
        [InlineData("Host=db;Password=s3cret;Colour=blue", "colour")]
        public void AnUnreadableLocationIsRefusedWithoutShowingItsPassword(string text, string named)
        {
            var error = Assert.Throws<CarbonSpacesException>(() => StoreLocation.Resolve(text));
            Assert.Equal("CarbonSpaces.InvalidStoreLocation", error.ErrorId);
            Assert.Contains(named, error.Message, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("s3cret", error.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void AnUnreachablePostgresStoreIsNamedWithoutItsPassword()
        {
            var error = Assert.Throws<CarbonSpacesException>(() => CarbonEngine.Open("postgresql://carbon:s3cret@127.0.0.1:1/store", new TestCredentialHost()));
            Assert.Equal("CarbonSpaces.StoreConnectionFailed", error.ErrorId);
            Assert.Contains("postgresql://carbon@127.0.0.1:1/store", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("s3cret", error.Message, StringComparison.Ordinal);
        }

        private static NpgsqlConnectionStringBuilder Builder(StoreLocation location) =>
            new NpgsqlConnectionStringBuilder(Assert.IsType<PostgresStoreLocation>(location).ConnectionString);
    }
}
