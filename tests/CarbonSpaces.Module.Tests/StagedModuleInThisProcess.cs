using System;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;
using Xunit;

namespace CarbonSpaces.Module.Tests
{
    /// <summary>
    /// The staged PowerShell 7 cmdlets assembly loaded the way PowerShell 7 loads it (into the
    /// default context, by path), with its dependency loader installed the way the module
    /// initializer installs it. Before that, another copy of AWSSDK.Core is put in the default
    /// context, as AWS.Tools would have.
    /// </summary>
    /// <remarks>
    /// One per test process: .NET cannot unload the default context, and a real session keeps its
    /// loader for the session's life too.
    /// </remarks>
    public sealed class StagedModuleInThisProcess
    {
        public const string LoaderTypeName = "CarbonSpaces.Loading.DependencyLoader";

        public StagedModuleInThisProcess()
        {
            DependencyDirectory = StagedModule.DependencyDirectory(Edition.Core);
            OtherAwsSdkCore = LoadAnotherAwsSdkCoreIntoTheDefaultContext(DependencyDirectory);
            CmdletsAssembly = AssemblyLoadContext.Default.LoadFromAssemblyPath(StagedModule.CmdletsAssemblyPath(Edition.Core));
            LoaderType = CmdletsAssembly.GetType(LoaderTypeName, throwOnError: true)!;
            Loader = ForThisModule();
            Invoke(Loader, "Install");
        }

        public string DependencyDirectory { get; }

        /// <summary>The AWSSDK.Core another module loaded into the default context before ours.</summary>
        public Assembly OtherAwsSdkCore { get; }

        public Assembly CmdletsAssembly { get; }

        public Type LoaderType { get; }

        /// <summary>The loader the module initializer installs (an internal type of the staged CarbonSpaces.dll).</summary>
        public object Loader { get; }

        public AssemblyLoadContext LoadContext => (AssemblyLoadContext)Property(Loader, "LoadContext")!;

        /// <summary>What the module initializer calls on every Import-Module.</summary>
        public object ForThisModule() => LoaderType.GetMethod("ForThisModule", BindingFlags.Public | BindingFlags.Static)!.Invoke(null, null)!;

        public static object? Invoke(object target, string method, params object[] arguments)
        {
            try
            {
                return target.GetType().GetMethod(method, BindingFlags.Public | BindingFlags.Instance)!.Invoke(target, arguments);
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                throw e.InnerException;
            }
        }

        public static object? Property(object target, string property)
        {
            return target.GetType().GetProperty(property, BindingFlags.Public | BindingFlags.Instance)!.GetValue(target);
        }

        private static Assembly LoadAnotherAwsSdkCoreIntoTheDefaultContext(string dependencyDirectory)
        {
            // Same name and assembly version as ours but a different file, like AWS.Tools' copy.
            string otherFolder = Path.Combine(AppContext.BaseDirectory, "other-awssdk");
            Directory.CreateDirectory(otherFolder);
            string otherCopy = Path.Combine(otherFolder, "AWSSDK.Core.dll");
            File.Copy(Path.Combine(dependencyDirectory, "AWSSDK.Core.dll"), otherCopy, overwrite: true);
            return AssemblyLoadContext.Default.LoadFromAssemblyPath(otherCopy);
        }
    }

    [CollectionDefinition(Name)]
    public sealed class StagedModuleInThisProcessCollection : ICollectionFixture<StagedModuleInThisProcess>
    {
        public const string Name = "Staged module loaded in this process";
    }
}
