using System;
using System.Collections;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using System.Threading;
using System.Threading.Tasks;
using CarbonSpaces.Tests.Shared;
using Xunit;

namespace CarbonSpaces.Module.Tests
{
    [Collection(StagedModuleInThisProcessCollection.Name)]
    public class DependencyLoaderTests
    {
        private readonly StagedModuleInThisProcess _module;

        public DependencyLoaderTests(StagedModuleInThisProcess module)
        {
            _module = module;
        }

        [Fact]
        public void TheLoaderServesTheDependenciesFolderBesideTheCmdletsAssembly()
        {
            Assert.Equal(
                Path.GetFullPath(_module.DependencyDirectory).TrimEnd(Path.DirectorySeparatorChar),
                StagedModuleInThisProcess.Property(_module.Loader, "DependencyDirectory"));
            Assert.Equal(true, StagedModuleInThisProcess.Property(_module.Loader, "IsInstalled"));
        }

        [Fact]
        public void NothingButTheLoaderCanProvideTheEngineToTheCmdlets()
        {
            // Nothing of the engine lies beside the cmdlets: only the loader can provide it.
            Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(_module.CmdletsAssembly.Location)!, StagedModule.EngineAssemblyName + ".dll")));
            Assert.DoesNotContain(AppContextTrustedAssemblies(), path => Path.GetFileNameWithoutExtension(path) == StagedModule.EngineAssemblyName);
        }

        [Fact]
        public void TheEngineRequestedFromTheDefaultContextLoadsFromDependenciesIntoTheCarbonSpacesContext()
        {
            Assembly engine = AssemblyLoadContext.Default.LoadFromAssemblyName(new AssemblyName(StagedModule.EngineAssemblyName));

            Assert.Equal("CarbonSpaces", AssemblyLoadContext.GetLoadContext(engine)!.Name);
            Assert.Same(_module.LoadContext, AssemblyLoadContext.GetLoadContext(engine));
            AssertLoadedFromDependencies(engine);
        }

        [Fact]
        public void TheDefaultContextIsAnsweredOnlyForTheEngine()
        {
            // Other modules asking the default context for a package the engine also uses must not
            // receive ours.
            Assert.Throws<FileNotFoundException>(() => AssemblyLoadContext.Default.LoadFromAssemblyName(new AssemblyName("AWSSDK.S3")));
            Assert.Throws<FileNotFoundException>(() => AssemblyLoadContext.Default.LoadFromAssemblyName(new AssemblyName("Microsoft.Data.Sqlite")));
            Assert.Same(_module.OtherAwsSdkCore, AssemblyLoadContext.Default.LoadFromAssemblyName(new AssemblyName("AWSSDK.Core")));
        }

        [Fact]
        public void TheAwsSdkBindsToTheStagedAwsSdkCoreEvenWithAnotherCopyInTheDefaultContext()
        {
            Assembly s3 = _module.LoadContext.LoadFromAssemblyName(new AssemblyName("AWSSDK.S3"));
            Type client = s3.GetType("Amazon.S3.AmazonS3Client", throwOnError: true)!;

            // The runtime resolves the client's base class (in AWSSDK.Core) through the context.
            Assembly boundAwsCore = client.BaseType!.Assembly;

            AssertLoadedFromDependencies(s3);
            AssertLoadedFromDependencies(boundAwsCore);
            Assert.NotSame(_module.OtherAwsSdkCore, boundAwsCore);
            Assert.Equal(_module.OtherAwsSdkCore.GetName().Version, boundAwsCore.GetName().Version);
        }

        [Fact]
        public void ImportingTheModuleAgainKeepsOneContextAndOneCopyOfTheEngine()
        {
            Assembly engineBefore = (Assembly)StagedModuleInThisProcess.Invoke(_module.Loader, "LoadEngine")!;

            // Import-Module -Force, and Remove-Module then Import-Module.
            object again = _module.ForThisModule();
            StagedModuleInThisProcess.Invoke(again, "Install");
            StagedModuleInThisProcess.Invoke(again, "Uninstall");
            StagedModuleInThisProcess.Invoke(_module.ForThisModule(), "Install");

            Assert.Same(_module.Loader, again);
            Assert.Same(engineBefore, StagedModuleInThisProcess.Invoke(again, "LoadEngine"));
            Assert.Same(engineBefore, AssemblyLoadContext.Default.LoadFromAssemblyName(new AssemblyName(StagedModule.EngineAssemblyName)));
            Assert.Single(AssemblyLoadContext.All, context => context.Name == "CarbonSpaces");
            Assert.Single(_module.LoadContext.Assemblies, assembly => assembly.GetName().Name == StagedModule.EngineAssemblyName);
        }

        [Fact]
        public void SqliteOpensWithFts5ThroughTheContextLoadedProvider()
        {
            // As the engine does: initialise SQLitePCL's bundled provider, then use Microsoft.Data.Sqlite.
            Assembly batteries = _module.LoadContext.LoadFromAssemblyName(new AssemblyName("SQLitePCLRaw.batteries_v2"));
            batteries.GetType("SQLitePCL.Batteries_V2", throwOnError: true)!.GetMethod("Init", Type.EmptyTypes)!.Invoke(null, null);
            Assembly sqlite = _module.LoadContext.LoadFromAssemblyName(new AssemblyName("Microsoft.Data.Sqlite"));
            Type connectionType = sqlite.GetType("Microsoft.Data.Sqlite.SqliteConnection", throwOnError: true)!;

            using var connection = (IDisposable)Activator.CreateInstance(connectionType, "Data Source=:memory:")!;
            var db = (System.Data.Common.DbConnection)connection;
            db.Open();

            string version = (string)Scalar(db, "select sqlite_version()")!;
            Execute(db, "create virtual table chunk using fts5(content)");
            Execute(db, "insert into chunk(content) values ('spaces sync'), ('bucket listing')");
            long matches = (long)Scalar(db, "select count(*) from chunk where chunk match 'bucket'")!;

            Assert.Matches(@"^3\.\d+\.\d+$", version);
            Assert.Equal(1L, matches);
            AssertLoadedFromDependencies(sqlite);
            AssertLoadedFromDependencies(batteries);
            AssertNativeSqliteCameFromTheStagedRuntimesFolder();
        }

        [Fact]
        public async Task BucketsAreListedOnTheTestServerThroughTheContextLoadedAwsSdk()
        {
            S3TestServer server = S3TestServer.Shared;
            Assembly awsCore = _module.LoadContext.LoadFromAssemblyName(new AssemblyName("AWSSDK.Core"));
            Assembly s3 = _module.LoadContext.LoadFromAssemblyName(new AssemblyName("AWSSDK.S3"));
            Type credentialsType = awsCore.GetType("Amazon.Runtime.BasicAWSCredentials", throwOnError: true)!;
            Type configType = s3.GetType("Amazon.S3.AmazonS3Config", throwOnError: true)!;
            Type clientType = s3.GetType("Amazon.S3.AmazonS3Client", throwOnError: true)!;

            object credentials = Activator.CreateInstance(credentialsType, server.AccessKey, server.SecretKey)!;
            object config = Activator.CreateInstance(configType)!;
            configType.GetProperty("ServiceURL")!.SetValue(config, server.Endpoint);
            configType.GetProperty("ForcePathStyle")!.SetValue(config, true);
            configType.GetProperty("AuthenticationRegion")!.SetValue(config, server.Region);
            ConstructorInfo constructor = clientType.GetConstructor(new[] { credentialsType.BaseType!, configType })!;
            using var client = (IDisposable)constructor.Invoke(new[] { credentials, config });

            string bucket = "module-loader-" + Guid.NewGuid().ToString("N").Substring(0, 12);
            await Call(client, "PutBucketAsync", bucket);
            try
            {
                object listing = (await Call(client, "ListBucketsAsync"))!;
                var names = ((IEnumerable)listing.GetType().GetProperty("Buckets")!.GetValue(listing)!)
                    .Cast<object>()
                    .Select(entry => (string)entry.GetType().GetProperty("BucketName")!.GetValue(entry)!)
                    .ToArray();

                Assert.Contains(bucket, names);
                AssertLoadedFromDependencies(clientType.Assembly);
            }
            finally
            {
                await Call(client, "DeleteBucketAsync", bucket);
            }
        }

        private void AssertLoadedFromDependencies(Assembly assembly)
        {
            Assert.Same(_module.LoadContext, AssemblyLoadContext.GetLoadContext(assembly));
            Assert.Equal(
                Path.GetFullPath(_module.DependencyDirectory),
                Path.GetDirectoryName(assembly.Location));
        }

        private void AssertNativeSqliteCameFromTheStagedRuntimesFolder()
        {
            // Linux shows every mapped library; elsewhere the query above succeeding has to do.
            if (!OperatingSystem.IsLinux())
            {
                return;
            }

            string[] mapped = File.ReadAllLines("/proc/self/maps")
                .Where(line => line.Contains('/'))
                .Select(line => line.Substring(line.IndexOf('/')))
                .Where(path => Path.GetFileName(path) == "libe_sqlite3.so")
                .Distinct()
                .ToArray();

            string staged = Path.Combine(Path.GetFullPath(_module.DependencyDirectory), "runtimes");
            Assert.NotEmpty(mapped);
            Assert.All(mapped, path => Assert.StartsWith(staged + Path.DirectorySeparatorChar, path));
        }

        private static string[] AppContextTrustedAssemblies()
        {
            return ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? string.Empty).Split(Path.PathSeparator);
        }

        private static object? Scalar(System.Data.Common.DbConnection connection, string sql)
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            return command.ExecuteScalar();
        }

        private static void Execute(System.Data.Common.DbConnection connection, string sql)
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }

        // Calls an AmazonS3Client async method taking (arguments..., CancellationToken) and returns its result.
        private static async Task<object?> Call(object client, string method, params object[] arguments)
        {
            MethodInfo target = client.GetType().GetMethods()
                .Single(candidate => candidate.Name == method
                    && candidate.GetParameters().Length == arguments.Length + 1
                    && candidate.GetParameters().Last().ParameterType == typeof(CancellationToken)
                    && candidate.GetParameters().Take(arguments.Length).All(parameter => parameter.ParameterType == typeof(string)));
            var task = (Task)target.Invoke(client, arguments.Append(CancellationToken.None).ToArray())!;
            await task.ConfigureAwait(false);
            return task.GetType().GetProperty("Result")!.GetValue(task);
        }
    }
}
