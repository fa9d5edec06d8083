using System;
using System.IO;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using CarbonSpaces.Engine.Common;

namespace CarbonSpaces.Engine.Connections
{
    /// <summary>Turns a stored <see cref="CredentialReference"/> back into a usable key and secret.</summary>
    public sealed class CredentialResolver
    {
        public const string AccessKeyVariable = "AWS_ACCESS_KEY_ID";
        public const string SecretKeyVariable = "AWS_SECRET_ACCESS_KEY";
        public const string SessionTokenVariable = "AWS_SESSION_TOKEN";

        private readonly ICredentialHost? _host;

        public CredentialResolver(ICredentialHost? host)
        {
            _host = host;
        }

        /// <param name="reference">How to find the secret.</param>
        /// <param name="endpointUrl">The data source's endpoint, to find a session secret.</param>
        /// <param name="expectedAccessKeyId">The key the data source was saved with, or null when connecting for the first time.</param>
        /// <param name="subject">Names the data source in messages.</param>
        public S3Credentials Resolve(CredentialReference reference, string endpointUrl, string? expectedAccessKeyId, string subject)
        {
            var credentials = reference.Source switch
            {
                CredentialSource.Session => FromSession(endpointUrl, expectedAccessKeyId, subject),
                CredentialSource.Environment => FromEnvironment(subject),
                CredentialSource.Profile => FromProfile(reference.Name!, subject),
                CredentialSource.SecretManagement => FromSecretManagement(reference, expectedAccessKeyId, subject),
                _ => throw new ArgumentOutOfRangeException(nameof(reference)),
            };

            if (expectedAccessKeyId != null && !string.Equals(credentials.AccessKeyId, expectedAccessKeyId, StringComparison.Ordinal))
            {
                throw new CarbonSpacesException(
                    "CarbonSpaces.CredentialChanged",
                    FailureKind.AuthenticationFailed,
                    $"{subject} was connected with access key '{expectedAccessKeyId}', but its credential source ({reference}) now holds key '{credentials.AccessKeyId}'. Run Connect-CarbonSpace again to save the new key as its own data source.",
                    subject);
            }

            return credentials;
        }

        private S3Credentials FromSession(string endpointUrl, string? accessKeyId, string subject)
        {
            var credentials = accessKeyId == null ? null : _host?.GetSessionCredentials(endpointUrl, accessKeyId);
            return credentials ?? throw new CarbonSpacesException(
                "CarbonSpaces.CredentialUnavailable",
                FailureKind.AuthenticationFailed,
                $"The secret of {subject} was given for one PowerShell session only and is not available in this process. Run Connect-CarbonSpace again with -Credential, or, for unattended runs, reconnect with -SecretName, -ProfileName or the AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY environment variables.",
                subject);
        }

        private static S3Credentials FromEnvironment(string subject)
        {
            var accessKey = Environment.GetEnvironmentVariable(AccessKeyVariable);
            var secret = Environment.GetEnvironmentVariable(SecretKeyVariable);
            if (string.IsNullOrEmpty(accessKey) || string.IsNullOrEmpty(secret))
            {
                throw new CarbonSpacesException(
                    "CarbonSpaces.CredentialUnavailable",
                    FailureKind.AuthenticationFailed,
                    $"{subject} reads its key from the environment, but {AccessKeyVariable} and {SecretKeyVariable} are not both set in this process. Set them, or connect with -Credential, -SecretName or -ProfileName.",
                    subject);
            }

            var token = Environment.GetEnvironmentVariable(SessionTokenVariable);
            return new S3Credentials(accessKey!, secret!, string.IsNullOrEmpty(token) ? null : token);
        }

        private static S3Credentials FromProfile(string profileName, string subject)
        {
            var credentialsFile = OpenSharedCredentialsFile();
            if (!credentialsFile.TryGetProfile(profileName, out var profile) ||
                !AWSCredentialsFactory.TryGetAWSCredentials(profile, credentialsFile, out var awsCredentials))
            {
                throw new CarbonSpacesException(
                    "CarbonSpaces.ProfileNotFound",
                    FailureKind.NotFound,
                    $"{subject} uses the AWS profile '{profileName}', which is not in the shared credentials file '{credentialsFile.FilePath}' (~/.aws/credentials, or $env:AWS_SHARED_CREDENTIALS_FILE). Add it (Set-AWSCredential -StoreAs, or aws configure --profile {profileName}), or connect with another credential.{StaleConfigFileNote()}",
                    profileName);
            }

            ImmutableCredentials immutable;
            try
            {
                immutable = awsCredentials.GetCredentials();
            }
            catch (AmazonClientException ex)
            {
                throw new CarbonSpacesException(
                    "CarbonSpaces.CredentialUnavailable",
                    FailureKind.AuthenticationFailed,
                    $"The AWS profile '{profileName}' used by {subject} could not give a key: {ex.Message}",
                    profileName,
                    ex);
            }

            return new S3Credentials(immutable.AccessKey, immutable.SecretKey, immutable.UseToken ? immutable.Token : null);
        }

        /// <summary>
        /// The shared credentials file as it is now. The SDK's parameterless stores fix the file's path the first
        /// time they are used in a process, so a long session or runbook that changed AWS_SHARED_CREDENTIALS_FILE
        /// would go on reading the old file: the path is resolved here at each use, and the file is read again
        /// each time because SharedCredentialsFile reads it on construction. Without AWS_CONFIG_FILE, the config
        /// file read with it is the one beside this credentials file.
        /// </summary>
        private static SharedCredentialsFile OpenSharedCredentialsFile()
        {
            var credentialsPath = Environment.GetEnvironmentVariable(SharedCredentialsFile.SharedCredentialsFileEnvVar);
            if (string.IsNullOrEmpty(credentialsPath))
            {
                credentialsPath = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".aws", "credentials");
            }

            return new SharedCredentialsFile(credentialsPath);
        }

        /// <summary>
        /// With AWS_CONFIG_FILE set, the SDK reads the config file that variable named when the SDK first looked in
        /// this process, and offers no way to name another: a profile defined only in a config file named later is
        /// not found. Said in the message rather than refused up front, because profiles in the credentials file
        /// (the usual place for keys) are read correctly whatever the config file.
        /// </summary>
        private static string StaleConfigFileNote()
        {
            var configPath = Environment.GetEnvironmentVariable(SharedCredentialsFile.SharedConfigFileEnvVar);
            if (string.IsNullOrEmpty(configPath) || !File.Exists(configPath) || SameFile(configPath!, SharedCredentialsFile.DefaultConfigFilePath))
            {
                return string.Empty;
            }

            return $" AWS_CONFIG_FILE names '{configPath}', but the AWS SDK in this process reads '{SharedCredentialsFile.DefaultConfigFilePath}': for a profile defined only in that config file, start a new PowerShell session.";
        }

        private static bool SameFile(string left, string right) =>
            string.Equals(Path.GetFullPath(left), Path.GetFullPath(right), StringComparison.Ordinal);

        private S3Credentials FromSecretManagement(CredentialReference reference, string? accessKeyId, string subject)
        {
            if (_host == null)
            {
                throw new CarbonSpacesException(
                    "CarbonSpaces.CredentialUnavailable",
                    FailureKind.AuthenticationFailed,
                    $"{subject} reads its secret '{reference.Name}' from SecretManagement, which is only reachable from PowerShell.",
                    subject);
            }

            return _host.ReadSecret(reference.Name!, reference.Vault, accessKeyId);
        }
    }
}
