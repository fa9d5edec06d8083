using System;
using System.IO;
using CarbonSpaces.Engine.Common;
using CarbonSpaces.Engine.Connections;
using Xunit;

namespace CarbonSpaces.Engine.Tests.Connections
{
    /// <summary>
    /// A data source connected with -ProfileName reads its key from the shared credentials file at each use.
    /// These tests change AWS_SHARED_CREDENTIALS_FILE, which the whole process shares; no other test reads
    /// a profile, and each test puts the variable back.
    /// </summary>
    public sealed class ProfileCredentialTests : IDisposable
    {
        private const string Endpoint = "http://127.0.0.1:1";
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "carbonspaces-tests", "profiles-" + Guid.NewGuid().ToString("N"));
        private readonly string? _savedCredentialsFile = Environment.GetEnvironmentVariable(SharedCredentialsFileVariable);
        private readonly string? _savedConfigFile = Environment.GetEnvironmentVariable(ConfigFileVariable);

        private const string SharedCredentialsFileVariable = "AWS_SHARED_CREDENTIALS_FILE";
        private const string ConfigFileVariable = "AWS_CONFIG_FILE";

        public ProfileCredentialTests()
        {
            Directory.CreateDirectory(_folder);
        }

        [Fact]
        public void AProfileIsReadFromTheCredentialsFileTheVariableNamesNowNotTheFirstOneTheProcessSaw()
        {
            var first = WriteCredentialsFile("first", "AKIDFIRSTFILE0000001");
            var second = WriteCredentialsFile("second", "AKIDSECONDFILE000002");

            var fromFirst = ResolveProfileWithVariable(first);
            var fromSecond = ResolveProfileWithVariable(second);

            Assert.Equal("AKIDFIRSTFILE0000001", fromFirst.AccessKeyId);
            Assert.Equal("AKIDSECONDFILE000002", fromSecond.AccessKeyId);
            Assert.Equal("secret-of-AKIDSECONDFILE000002", fromSecond.SecretAccessKey);
        }

        [Fact]
        public void AProfileMissingFromTheFileTheVariableNamesNowIsReportedWithThatFile()
        {
            var withProfile = WriteCredentialsFile("with-profile", "AKIDWITHPROFILE00001");
            var withoutProfile = Path.Combine(_folder, "without-profile");
            File.WriteAllText(withoutProfile, "[someone-else]\naws_access_key_id = AKIDSOMEONEELSE00001\naws_secret_access_key = x\n");
            ResolveProfileWithVariable(withProfile);

            var error = Assert.Throws<CarbonSpacesException>(() => ResolveProfileWithVariable(withoutProfile));

            Assert.Equal("CarbonSpaces.ProfileNotFound", error.ErrorId);
            Assert.Contains(withoutProfile, error.Message);
        }

        [Fact]
        public void AKeyChangedInTheCredentialsFileIsSeenAtTheNextUse()
        {
            var file = WriteCredentialsFile("edited", "AKIDBEFOREEDIT000001");
            ResolveProfileWithVariable(file);

            WriteCredentialsFile("edited", "AKIDAFTEREDIT0000002");
            var afterEdit = ResolveProfileWithVariable(file);

            Assert.Equal("AKIDAFTEREDIT0000002", afterEdit.AccessKeyId);
        }

        [Fact]
        public void AConfigFileNamedLaterDoesNotStopAProfileOfTheCredentialsFile()
        {
            // Each runbook step (or Pester test) may point AWS_CONFIG_FILE at a config file of its own.
            foreach (var step in new[] { "first", "second" })
            {
                var config = Path.Combine(_folder, step + "-config");
                File.WriteAllText(config, "[default]\nregion = eu-west-1\n");
                Environment.SetEnvironmentVariable(ConfigFileVariable, config);
                var credentials = WriteCredentialsFile(step + "-credentials", step == "first" ? "AKIDFIRSTSTEP0000001" : "AKIDSECONDSTEP000002");

                var resolved = ResolveProfileWithVariable(credentials);

                Assert.Equal(step == "first" ? "AKIDFIRSTSTEP0000001" : "AKIDSECONDSTEP000002", resolved.AccessKeyId);
            }
        }

        public void Dispose()
        {
            Environment.SetEnvironmentVariable(SharedCredentialsFileVariable, _savedCredentialsFile);
            Environment.SetEnvironmentVariable(ConfigFileVariable, _savedConfigFile);
            Directory.Delete(_folder, recursive: true);
        }

        private string WriteCredentialsFile(string fileName, string accessKeyId)
        {
            var path = Path.Combine(_folder, fileName);
            File.WriteAllText(path, $"[carbonspaces-xunit]\naws_access_key_id = {accessKeyId}\naws_secret_access_key = secret-of-{accessKeyId}\n");
            return path;
        }

        private static S3Credentials ResolveProfileWithVariable(string credentialsFile)
        {
            Environment.SetEnvironmentVariable(SharedCredentialsFileVariable, credentialsFile);
            return new CredentialResolver(host: null).Resolve(
                new CredentialReference(CredentialSource.Profile, "carbonspaces-xunit"), Endpoint, expectedAccessKeyId: null, "the test data source");
        }
    }
}
