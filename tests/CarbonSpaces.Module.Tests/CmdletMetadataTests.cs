using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Xunit;

namespace CarbonSpaces.Module.Tests
{
    public class CmdletMetadataTests
    {
        // Get-Verb: VerbsCommon, VerbsCommunications, VerbsData, VerbsDiagnostic, VerbsLifecycle,
        // VerbsSecurity and VerbsOther (PowerShell docs, "Approved Verbs for PowerShell Commands").
        private static readonly HashSet<string> ApprovedVerbs = new HashSet<string>(StringComparer.Ordinal)
        {
            "Add", "Clear", "Close", "Copy", "Enter", "Exit", "Find", "Format", "Get", "Hide", "Join", "Lock", "Move", "New",
            "Open", "Optimize", "Pop", "Push", "Redo", "Remove", "Rename", "Reset", "Resize", "Search", "Select", "Set",
            "Show", "Skip", "Split", "Step", "Switch", "Undo", "Unlock", "Watch",
            "Connect", "Disconnect", "Read", "Receive", "Send", "Write",
            "Backup", "Checkpoint", "Compare", "Compress", "Convert", "ConvertFrom", "ConvertTo", "Dismount", "Edit",
            "Expand", "Export", "Group", "Import", "Initialize", "Limit", "Merge", "Mount", "Out", "Publish", "Restore",
            "Save", "Sync", "Unpublish", "Update",
            "Debug", "Measure", "Ping", "Repair", "Resolve", "Test", "Trace",
            "Approve", "Assert", "Build", "Complete", "Confirm", "Deny", "Deploy", "Disable", "Enable", "Install", "Invoke",
            "Register", "Request", "Restart", "Resume", "Start", "Stop", "Submit", "Suspend", "Uninstall", "Unregister", "Wait",
            "Block", "Grant", "Protect", "Revoke", "Unblock", "Unprotect",
            "Use",
        };

        private static readonly HashSet<string> StateChangingVerbs = new HashSet<string>(StringComparer.Ordinal)
        {
            "Connect", "Disconnect", "Remove", "Set", "Start", "Invoke", "Sync",
        };

        private static readonly string[] DependencyAssemblyPrefixes = { "AWSSDK", "Microsoft.Data.Sqlite", "SQLitePCLRaw" };

        private readonly CmdletAssemblyMetadata _cmdlets = CmdletAssemblyMetadata.Of(Edition.Core);

        public static TheoryData<Edition> Editions => new TheoryData<Edition> { Edition.Core, Edition.Desktop };

        [Fact]
        public void TheCmdletsAssemblyDefinesCmdlets()
        {
            Assert.NotEmpty(_cmdlets.Cmdlets);
        }

        [Fact]
        public void EveryCmdletUsesAnApprovedVerb()
        {
            AssertEveryCmdlet(cmdlet => ApprovedVerbs.Contains(cmdlet.Verb), "uses a verb Get-Verb does not list");
        }

        [Fact]
        public void EveryCmdletNounStartsWithCarbon()
        {
            AssertEveryCmdlet(
                cmdlet => cmdlet.Noun.StartsWith("Carbon", StringComparison.Ordinal) && cmdlet.Noun.Length > "Carbon".Length,
                "needs a noun starting with Carbon");
        }

        [Fact]
        public void EveryCmdletClassIsNamedAfterItsVerbAndNoun()
        {
            AssertEveryCmdlet(cmdlet => cmdlet.Type.Name == cmdlet.Verb + cmdlet.Noun + "Command", "is not named VerbNounCommand");
        }

        [Fact]
        public void EveryCmdletDeclaresItsOutputType()
        {
            AssertEveryCmdlet(cmdlet => cmdlet.OutputTypes().Count > 0, "has no [OutputType]");
        }

        [Fact]
        public void CmdletsThatChangeStateSupportWhatIfAndConfirm()
        {
            AssertEveryCmdlet(
                cmdlet => !StateChangingVerbs.Contains(cmdlet.Verb) || cmdlet.SupportsShouldProcess,
                "changes state but does not declare SupportsShouldProcess");
        }

        [Fact]
        public void RemoveCmdletsAskForConfirmationByDefault()
        {
            AssertEveryCmdlet(cmdlet => cmdlet.Verb != "Remove" || cmdlet.ConfirmImpactIsHigh, "removes data without ConfirmImpact High");
        }

        [Fact]
        public void NoParameterSetTakesMoreThanOneParameterFromThePipeline()
        {
            var failures = new List<string>();
            foreach (CmdletInfo cmdlet in _cmdlets.Cmdlets)
            {
                var parameters = cmdlet.Parameters();
                var sets = new HashSet<string>(
                    parameters.Select(parameter => SetName(parameter.Attribute)).Where(set => set != CmdletAssemblyMetadata.AllParameterSets),
                    StringComparer.OrdinalIgnoreCase);
                if (!string.IsNullOrEmpty(cmdlet.DefaultParameterSetName))
                {
                    sets.Add(cmdlet.DefaultParameterSetName!);
                }

                if (sets.Count == 0)
                {
                    sets.Add(CmdletAssemblyMetadata.AllParameterSets);
                }

                foreach (string set in sets)
                {
                    string[] fromPipeline = parameters
                        .Where(parameter => CmdletAssemblyMetadata.Named<bool>(parameter.Attribute, "ValueFromPipeline"))
                        .Where(parameter => SetName(parameter.Attribute) == CmdletAssemblyMetadata.AllParameterSets
                            || string.Equals(SetName(parameter.Attribute), set, StringComparison.OrdinalIgnoreCase))
                        .Select(parameter => parameter.Property.Name)
                        .Distinct()
                        .ToArray();
                    if (fromPipeline.Length > 1)
                    {
                        failures.Add($"{cmdlet.Name} set '{set}': {string.Join(", ", fromPipeline)}");
                    }
                }
            }

            Assert.True(failures.Count == 0, "more than one ValueFromPipeline parameter: " + string.Join("; ", failures));
        }

        [Theory]
        [MemberData(nameof(Editions))]
        public void TheCmdletsAssemblyReferencesNoDependencyPackage(Edition edition)
        {
            // Naming any AWSSDK or SQLite type, even as the return type of an engine method the
            // cmdlets call, makes PowerShell load that package into its own context.
            string[] references = CmdletAssemblyMetadata.Of(edition).Assembly.GetReferencedAssemblies()
                .Select(reference => reference.Name!)
                .Where(IsDependencyAssembly)
                .ToArray();

            Assert.Empty(references);
        }

        [Fact]
        public void NoPublicTypeExposesADependencyTypeInItsSignature()
        {
            var exposures = new List<string>();
            foreach (Type type in _cmdlets.Assembly.GetExportedTypes())
            {
                foreach ((string where, Type exposed) in PublicSignatureTypes(type))
                {
                    if (ReferencedTypes(exposed).Any(candidate => IsDependencyAssembly(candidate.Assembly.GetName().Name!)))
                    {
                        exposures.Add($"{type.FullName}.{where}: {exposed}");
                    }
                }
            }

            Assert.True(exposures.Count == 0, "dependency types in public signatures: " + string.Join("; ", exposures));
        }

        [Fact]
        public void EveryOutputTypeIsASealedReadOnlyTypeOfTheCmdletsAssembly()
        {
            var failures = new List<string>();
            foreach (CmdletInfo cmdlet in _cmdlets.Cmdlets)
            {
                foreach (object output in cmdlet.OutputTypes())
                {
                    Type? type = output as Type ?? _cmdlets.Assembly.GetType((string)output);
                    if (type is null)
                    {
                        failures.Add($"{cmdlet.Name}: [OutputType('{output}')] names no type of CarbonSpaces.dll");
                        continue;
                    }

                    if (type.Assembly != _cmdlets.Assembly)
                    {
                        failures.Add($"{cmdlet.Name}: {type.FullName} is not defined in CarbonSpaces.dll");
                        continue;
                    }

                    if (!type.FullName!.StartsWith("CarbonSpaces.", StringComparison.Ordinal))
                    {
                        failures.Add($"{cmdlet.Name}: {type.FullName} is outside the CarbonSpaces namespace");
                    }

                    if (!type.IsSealed)
                    {
                        failures.Add($"{cmdlet.Name}: {type.FullName} is not sealed");
                    }

                    foreach (PropertyInfo property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
                    {
                        if (property.SetMethod is { IsPublic: true })
                        {
                            failures.Add($"{cmdlet.Name}: {type.FullName}.{property.Name} has a public setter");
                        }
                    }
                }
            }

            Assert.True(failures.Count == 0, string.Join("; ", failures.Distinct()));
        }

        [Theory]
        [MemberData(nameof(Editions))]
        public void ImportingTheModuleInstallsTheDependencyLoader(Edition edition)
        {
            Type[] initializers = CmdletAssemblyMetadata.Of(edition).Assembly.GetExportedTypes()
                .Where(type => type.GetInterfaces().Any(face => face.FullName == "System.Management.Automation.IModuleAssemblyInitializer"))
                .ToArray();

            Type initializer = Assert.Single(initializers);
            Assert.Contains(initializer.GetInterfaces(), face => face.FullName == "System.Management.Automation.IModuleAssemblyCleanup");
        }

        private static string SetName(CustomAttributeData parameterAttribute)
        {
            string? set = CmdletAssemblyMetadata.Named<string>(parameterAttribute, "ParameterSetName");
            return string.IsNullOrEmpty(set) ? CmdletAssemblyMetadata.AllParameterSets : set!;
        }

        private static bool IsDependencyAssembly(string assemblyName)
        {
            return DependencyAssemblyPrefixes.Any(prefix => assemblyName.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));
        }

        private void AssertEveryCmdlet(Func<CmdletInfo, bool> rule, string failure)
        {
            string[] failing = _cmdlets.Cmdlets.Where(cmdlet => !rule(cmdlet)).Select(cmdlet => cmdlet.ToString()).ToArray();
            Assert.True(failing.Length == 0, $"{failure}: {string.Join(", ", failing)}");
        }

        private static IEnumerable<(string Where, Type Exposed)> PublicSignatureTypes(Type type)
        {
            const BindingFlags Members = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

            if (type.BaseType is not null)
            {
                yield return ("base type", type.BaseType);
            }

            foreach (Type face in type.GetInterfaces())
            {
                yield return ("interface", face);
            }

            foreach (FieldInfo field in type.GetFields(Members).Where(field => field.IsPublic || field.IsFamily || field.IsFamilyOrAssembly))
            {
                yield return (field.Name, field.FieldType);
            }

            foreach (PropertyInfo property in type.GetProperties(Members))
            {
                bool visible = new[] { property.GetMethod, property.SetMethod }.Any(accessor => accessor is not null && (accessor.IsPublic || accessor.IsFamily || accessor.IsFamilyOrAssembly));
                if (visible)
                {
                    yield return (property.Name, property.PropertyType);
                }
            }

            foreach (MethodBase method in type.GetMethods(Members).Cast<MethodBase>().Concat(type.GetConstructors(Members)))
            {
                if (!(method.IsPublic || method.IsFamily || method.IsFamilyOrAssembly))
                {
                    continue;
                }

                if (method is MethodInfo info)
                {
                    yield return (method.Name + " return", info.ReturnType);
                }

                foreach (ParameterInfo parameter in method.GetParameters())
                {
                    yield return (method.Name + "(" + parameter.Name + ")", parameter.ParameterType);
                }
            }

            foreach (EventInfo @event in type.GetEvents(Members))
            {
                if (@event.AddMethod is { IsPublic: true } || @event.AddMethod is { IsFamily: true })
                {
                    yield return (@event.Name, @event.EventHandlerType!);
                }
            }
        }

        private static IEnumerable<Type> ReferencedTypes(Type type)
        {
            if (type.HasElementType)
            {
                foreach (Type element in ReferencedTypes(type.GetElementType()!))
                {
                    yield return element;
                }

                yield break;
            }

            if (type.IsGenericParameter)
            {
                yield break;
            }

            yield return type;
            if (type.IsGenericType)
            {
                foreach (Type argument in type.GetGenericArguments().SelectMany(ReferencedTypes))
                {
                    yield return argument;
                }
            }
        }
    }
}
