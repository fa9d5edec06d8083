using System;
using System.IO;
using CarbonSpaces.Engine.Common;
using CarbonSpaces.Engine.Storage;
using CarbonSpaces.Engine.Storage.Sqlite;
using CarbonSpaces.Engine.Tests.TestSupport;
using Xunit;

namespace CarbonSpaces.Engine.Tests.Storage
{
    public sealed class StoreTests
    {
        [Fact]
        public void ANewStoreIsCreatedWithTheWholeSchemaInWalMode()
        {
            using var temp = new TempStore();
            using (var store = SqliteStore.Open(Path.Combine(temp.Directory, "nested", "folder", "carbon.db")))
            {
                using var command = store.Command("PRAGMA journal_mode;");
                Assert.Equal("wal", command.ExecuteScalar());
                using var version = store.Command("PRAGMA user_version;");
                Assert.Equal((long)SchemaMigrator.CurrentVersion, version.ExecuteScalar());
                using var foreignKeys = store.Command("PRAGMA foreign_keys;");
                Assert.Equal(1L, foreignKeys.ExecuteScalar());
            }
        }

        [Fact]
        public void SqliteCountsNoAllocationsOnceAStoreIsOpen()
        {
            using var temp = new TempStore();
            using var store = SqliteStore.Open(temp.Path);
            using var insert = store.Command("INSERT INTO events (type, at, message) VALUES ('ADD', 1, 'counted?');");
            insert.ExecuteNonQuery();

            Assert.True(SqliteLibrary.MemoryStatisticsOff);
            Assert.Equal(0L, SQLitePCL.raw.sqlite3_memory_used());
        }

        [Fact]
        public void OpeningAnExistingStoreAgainKeepsItsData()
        {
            using var temp = new TempStore();
            using (var store = SqliteStore.Open(temp.Path))
            {
                using var insert = store.Command("INSERT INTO events (type, at, message) VALUES ('ADD', 1, 'kept');");
                insert.ExecuteNonQuery();
            }

            using var reopened = SqliteStore.Open(temp.Path);
            using var count = reopened.Command("SELECT count(*) FROM events WHERE message = 'kept';");
            Assert.Equal(1L, count.ExecuteScalar());
        }

        [Fact]
        public void AStoreWrittenByANewerVersionIsRefusedWithAClearMessage()
        {
            using var temp = new TempStore();
            SqliteStore.Open(temp.Path).Dispose();
            temp.Execute($"PRAGMA user_version = {SchemaMigrator.CurrentVersion + 5};");

            var error = Assert.Throws<CarbonSpacesException>(() => SqliteStore.Open(temp.Path));
            Assert.Equal("CarbonSpaces.StoreFromNewerVersion", error.ErrorId);
            Assert.Contains("newer version", error.Message);
            Assert.Contains(temp.Path, error.Message);
        }

        [Fact]
        public void AStorePathThatCannotBeWrittenIsRefusedWithAClearMessage()
        {
            using var temp = new TempStore();
            var blocker = Path.Combine(temp.Directory, "a-file");
            File.WriteAllText(blocker, "not a folder");

            var error = Assert.Throws<CarbonSpacesException>(() => SqliteStore.Open(Path.Combine(blocker, "carbon.db")));
            Assert.Equal("CarbonSpaces.StoreNotWritable", error.ErrorId);
            Assert.Contains("-StorePath", error.Message);
        }

        [Fact]
        public void AFileThatIsNotAStoreIsRefusedAndLeftUntouched()
        {
            using var temp = new TempStore();
            File.WriteAllText(temp.Path, new string('x', 4096));

            var error = Assert.Throws<CarbonSpacesException>(() => SqliteStore.Open(temp.Path));
            Assert.Equal("CarbonSpaces.StoreCorrupt", error.ErrorId);
            Assert.Equal(new string('x', 4096), File.ReadAllText(temp.Path));
        }

        [Fact]
        public void TheStorePathComesFromTheParameterBeforeTheEnvironment()
        {
            var explicitPath = Path.Combine(Path.GetTempPath(), "explicit.db");
            Assert.Equal(explicitPath, Assert.IsType<SqliteStoreLocation>(StoreLocation.Resolve(explicitPath)).Path);
            Assert.EndsWith(Path.Combine("CarbonSpaces", "carbon.db"), StoreLocation.DefaultPath());
        }
    }
}
