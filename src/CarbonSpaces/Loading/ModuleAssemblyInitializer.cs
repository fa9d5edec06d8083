using System.Management.Automation;

namespace CarbonSpaces.Loading
{
    /// <summary>
    /// Installs the dependency loader when PowerShell imports the module and removes it when the
    /// module is removed. The only part of the loader that touches PowerShell.
    /// </summary>
    public sealed class ModuleAssemblyInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        /// <summary>Called by PowerShell on Import-Module, before any cmdlet runs.</summary>
        public void OnImport()
        {
            DependencyLoader.ForThisModule().Install();
        }

        /// <summary>Called by PowerShell on Remove-Module.</summary>
        public void OnRemove(PSModuleInfo psModuleInfo)
        {
            DependencyLoader.ForThisModule().Uninstall();
        }
    }
}
