using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;

namespace CarbonSpaces.Module.Tests
{
    /// <summary>
    /// A staged cmdlets assembly opened with MetadataLoadContext: its attributes are read without
    /// running anything, against PowerShellStandard.Library's reference System.Management.Automation
    /// (no PowerShell runs here) and the staged dependencies.
    /// </summary>
    internal sealed class CmdletAssemblyMetadata : IDisposable
    {
        public const string AllParameterSets = "__AllParameterSets";

        private const string AutomationNamespace = "System.Management.Automation.";

        private static readonly Dictionary<Edition, Lazy<CmdletAssemblyMetadata>> Opened = new Dictionary<Edition, Lazy<CmdletAssemblyMetadata>>
        {
            [Edition.Core] = new Lazy<CmdletAssemblyMetadata>(() => new CmdletAssemblyMetadata(Edition.Core)),
            [Edition.Desktop] = new Lazy<CmdletAssemblyMetadata>(() => new CmdletAssemblyMetadata(Edition.Desktop)),
        };

        private readonly MetadataLoadContext _context;

        private CmdletAssemblyMetadata(Edition edition)
        {
            var paths = new List<string>();
            paths.AddRange(Directory.GetFiles(RuntimeEnvironment.GetRuntimeDirectory(), "*.dll"));
            paths.Add(PowerShellReferenceAssembly());
            paths.AddRange(Directory.GetFiles(StagedModule.DependencyDirectory(edition), "*.dll"));
            string cmdlets = StagedModule.CmdletsAssemblyPath(edition);
            paths.Add(cmdlets);

            _context = new MetadataLoadContext(new PathAssemblyResolver(paths), typeof(object).Assembly.GetName().Name);
            Assembly = _context.LoadFromAssemblyPath(cmdlets);
            Cmdlets = Assembly.GetTypes()
                .Where(type => type.IsClass && !type.IsAbstract && type.IsPublic)
                .Select(type => (Type: type, Attribute: FindAttribute(type.GetCustomAttributesData(), "CmdletAttribute")))
                .Where(found => found.Attribute is not null)
                .Select(found => new CmdletInfo(found.Type, found.Attribute!))
                .OrderBy(cmdlet => cmdlet.Name, StringComparer.OrdinalIgnoreCase)
                .ToArray();
        }

        public Assembly Assembly { get; }

        public IReadOnlyList<CmdletInfo> Cmdlets { get; }

        public static CmdletAssemblyMetadata Of(Edition edition) => Opened[edition].Value;

        public static CustomAttributeData? FindAttribute(IEnumerable<CustomAttributeData> attributes, string name)
        {
            return attributes.FirstOrDefault(attribute => attribute.AttributeType.FullName == AutomationNamespace + name);
        }

        public static IEnumerable<CustomAttributeData> FindAttributes(IEnumerable<CustomAttributeData> attributes, string name)
        {
            return attributes.Where(attribute => attribute.AttributeType.FullName == AutomationNamespace + name);
        }

        public static T? Named<T>(CustomAttributeData attribute, string name)
        {
            foreach (CustomAttributeNamedArgument argument in attribute.NamedArguments)
            {
                if (argument.MemberName == name)
                {
                    return (T?)argument.TypedValue.Value;
                }
            }

            return default;
        }

        public void Dispose() => _context.Dispose();

        private static string PowerShellReferenceAssembly()
        {
            string? packageDirectory = typeof(CmdletAssemblyMetadata).Assembly
                .GetCustomAttributes<AssemblyMetadataAttribute>()
                .FirstOrDefault(attribute => attribute.Key == "PowerShellStandardLibraryDirectory")?.Value;
            string path = Path.Combine(packageDirectory ?? string.Empty, "lib", "netstandard2.0", "System.Management.Automation.dll");
            if (!File.Exists(path))
            {
                throw new InvalidOperationException(
                    $"PowerShellStandard.Library's System.Management.Automation.dll was not found at '{path}'; restore the test project.");
            }

            return path;
        }
    }

    /// <summary>One [Cmdlet] class as its metadata describes it.</summary>
    internal sealed class CmdletInfo
    {
        private const int ConfirmImpactHigh = 3;

        public CmdletInfo(Type type, CustomAttributeData cmdletAttribute)
        {
            Type = type;
            Verb = (string)cmdletAttribute.ConstructorArguments[0].Value!;
            Noun = (string)cmdletAttribute.ConstructorArguments[1].Value!;
            SupportsShouldProcess = CmdletAssemblyMetadata.Named<bool>(cmdletAttribute, "SupportsShouldProcess");
            ConfirmImpactIsHigh = CmdletAssemblyMetadata.Named<int>(cmdletAttribute, "ConfirmImpact") == ConfirmImpactHigh;
            DefaultParameterSetName = CmdletAssemblyMetadata.Named<string>(cmdletAttribute, "DefaultParameterSetName");
        }

        public Type Type { get; }

        public string Verb { get; }

        public string Noun { get; }

        public string Name => Verb + "-" + Noun;

        public bool SupportsShouldProcess { get; }

        public bool ConfirmImpactIsHigh { get; }

        public string? DefaultParameterSetName { get; }

        /// <summary>The types and PSTypeNames its [OutputType] attributes name.</summary>
        public IReadOnlyList<object> OutputTypes()
        {
            var outputs = new List<object>();
            foreach (CustomAttributeData attribute in CmdletAssemblyMetadata.FindAttributes(Type.GetCustomAttributesData(), "OutputTypeAttribute"))
            {
                foreach (CustomAttributeTypedArgument argument in attribute.ConstructorArguments)
                {
                    if (argument.Value is IEnumerable<CustomAttributeTypedArgument> items)
                    {
                        outputs.AddRange(items.Select(item => item.Value!));
                    }
                    else if (argument.Value is not null)
                    {
                        outputs.Add(argument.Value);
                    }
                }
            }

            return outputs;
        }

        /// <summary>Each public parameter with its [Parameter] attributes (one per parameter set it is in).</summary>
        public IReadOnlyList<(PropertyInfo Property, CustomAttributeData Attribute)> Parameters()
        {
            return Type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .SelectMany(property => CmdletAssemblyMetadata.FindAttributes(property.GetCustomAttributesData(), "ParameterAttribute")
                    .Select(attribute => (property, attribute)))
                .ToArray();
        }

        public override string ToString() => Name + " (" + Type.FullName + ")";
    }
}
