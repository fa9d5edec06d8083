using System;
using System.Collections.Concurrent;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using CarbonSpaces.Engine.Common;

namespace CarbonSpaces.Engine.Ingest.Tools
{
    /// <summary>
    /// Finds external tools: the path in the tool's environment variable when it is set, otherwise
    /// the first match on PATH. Looked up once per engine and remembered, so a bucket of images
    /// does not search PATH once per image.
    /// </summary>
    public sealed class ToolLocator
    {
        public const string NotFoundId = "CarbonSpaces.ToolNotFound";

        private readonly ConcurrentDictionary<string, string> _found = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        private readonly Func<string, string?> _environment;

        /// <summary>Reads this process's environment.</summary>
        public ToolLocator()
            : this(Environment.GetEnvironmentVariable)
        {
        }

        /// <param name="environment">Reads an environment variable (PATH and the CARBONSPACES_* ones).</param>
        public ToolLocator(Func<string, string?> environment)
        {
            _environment = environment;
        }

        /// <summary>The full path of <paramref name="tool"/>.</summary>
        /// <exception cref="CarbonSpacesException">CarbonSpaces.ToolNotFound, naming the tool, the file that needed it and how to install it.</exception>
        public string Find(ExternalTool tool, string neededFor)
        {
            if (_found.TryGetValue(tool.Name, out var known))
            {
                return known;
            }

            var path = Locate(tool) ?? throw NotFound(tool, neededFor);
            _found[tool.Name] = path;
            return path;
        }

        private string? Locate(ExternalTool tool)
        {
            var configured = _environment(tool.EnvironmentVariable);
            if (!string.IsNullOrWhiteSpace(configured))
            {
                return File.Exists(configured) ? Path.GetFullPath(configured) : null;
            }

            var names = RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? new[] { tool.Name + ".exe", tool.Name } : new[] { tool.Name };
            return (_environment("PATH") ?? string.Empty)
                .Split(new[] { Path.PathSeparator }, StringSplitOptions.RemoveEmptyEntries)
                .SelectMany(folder => names.Select(name => Path.Combine(folder.Trim('"'), name)))
                .FirstOrDefault(File.Exists);
        }

        private CarbonSpacesException NotFound(ExternalTool tool, string neededFor)
        {
            var configured = _environment(tool.EnvironmentVariable);
            var where = string.IsNullOrWhiteSpace(configured)
                ? $"was not found on PATH and ${"env:"}{tool.EnvironmentVariable} is not set"
                : $"is not at '{configured}', where ${"env:"}{tool.EnvironmentVariable} points";
            return new CarbonSpacesException(
                NotFoundId,
                FailureKind.NotFound,
                $"Reading '{neededFor}' needs {tool.Name}, which {where}. {tool.InstallHint}; or set ${"env:"}{tool.EnvironmentVariable} to its full path. Then resync the file.",
                tool.Name);
        }
    }
}
