#if NET
using System;
using System.IO;

namespace CarbonSpaces.Loading
{
    /// <summary>
    /// Picks the precompiled (ReadyToRun) copy of the dependencies that this runtime can use:
    /// <c>Dependencies/ReadyToRun/net&lt;major&gt;.0-&lt;rid&gt;/</c>.
    /// </summary>
    /// <remarks>
    /// .NET uses R2R code only when it was compiled against the same major version of the framework
    /// (images for .NET 8 are ignored on .NET 10, and every method is compiled just in time), and only
    /// on the OS and architecture it was compiled for. Any other runtime loads the IL beside them.
    /// </remarks>
    internal static class ReadyToRunImages
    {
        internal const string FolderName = "ReadyToRun";

        /// <summary>The set for <paramref name="runtime"/> on <paramref name="runtimeIdentifier"/>, or null when the module ships none.</summary>
        public static string? DirectoryFor(string dependencyDirectory, Version runtime, string? runtimeIdentifier)
        {
            if (runtimeIdentifier is null)
            {
                return null;
            }

            string directory = Path.Combine(dependencyDirectory, FolderName, $"net{runtime.Major}.0-{runtimeIdentifier}");
            return Directory.Exists(directory) ? directory : null;
        }
    }
}
#endif
