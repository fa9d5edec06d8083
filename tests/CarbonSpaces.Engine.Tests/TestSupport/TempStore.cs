using System;
using System.IO;
using CarbonSpaces.Engine;
using CarbonSpaces.Engine.Connections;

namespace CarbonSpaces.Engine.Tests.TestSupport
{
    /// <summary>A store file in a folder of its own, deleted with the folder when the test ends.</summary>
    public sealed class TempStore : IDisposable
    {
        public TempStore()
        {
            Directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "carbonspaces-tests", Guid.NewGuid().ToString("N"));
            System.IO.Directory.CreateDirectory(Directory);
            Path = System.IO.Path.Combine(Directory, "carbon.db");
        }

        public string Directory { get; }

        public string Path { get; }

        /// <summary>An engine over the store; the host answers for service keys too when it can (as PowerShell's does).</summary>
        public CarbonEngine Open(ICredentialHost? host = null, S3ClientSettings? settings = null)
        {
            host ??= new TestCredentialHost();
            return CarbonEngine.Open(Path, host, settings, host as Engine.Services.IServiceKeyHost);
        }

        /// <summary>Runs SQL on the store behind the engine's back (to set up what only an older version or another process would leave); returns the rows changed.</summary>
        public int Execute(string sql)
        {
            using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path};Pooling=False");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            return command.ExecuteNonQuery();
        }

        public void Dispose()
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                System.IO.Directory.Delete(Directory, recursive: true);
            }
            catch (IOException)
            {
                // A file still open by a failed test; the OS temp cleaner will take it.
            }
        }
    }
}
