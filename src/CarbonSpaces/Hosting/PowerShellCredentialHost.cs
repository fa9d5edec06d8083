using System;
using System.Collections;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Net;
using System.Security;
using CarbonSpaces.Engine.Common;
using CarbonSpaces.Engine.Connections;
using CarbonSpaces.Engine.Services;

namespace CarbonSpaces.Hosting
{
    /// <summary>Answers the engine's credential questions from this PowerShell session: session secrets, and SecretManagement through Get-Secret (data-source secrets and service keys alike).</summary>
    internal sealed class PowerShellCredentialHost : ICredentialHost, IServiceKeyHost
    {
        private const string GetSecretScript =
            "param($Name, $Vault) if ($Vault) { Get-Secret -Name $Name -Vault $Vault -ErrorAction Stop } else { Get-Secret -Name $Name -ErrorAction Stop }";

        private readonly PSCmdlet _cmdlet;
        private readonly PipelineDispatcher _dispatcher;

        public PowerShellCredentialHost(PSCmdlet cmdlet, PipelineDispatcher dispatcher)
        {
            _cmdlet = cmdlet;
            _dispatcher = dispatcher;
        }

        public S3Credentials? GetSessionCredentials(string endpointUrl, string accessKeyId) => SessionCredentials.Find(endpointUrl, accessKeyId);

        public S3Credentials ReadSecret(string secretName, string? vault, string? accessKeyId)
        {
            var secret = _dispatcher.Invoke(() => GetSecret(secretName, vault));
            return ToCredentials(secret, secretName, accessKeyId);
        }

        /// <summary>A service key may be stored as a string, a SecureString, or a PSCredential whose password is the key.</summary>
        public string ReadSecretText(string secretName, string? vault)
        {
            var secret = _dispatcher.Invoke(() => GetSecret(secretName, vault));
            return secret switch
            {
                PSCredential credential => credential.GetNetworkCredential().Password,
                SecureString _ or string _ => Plain(secret),
                _ => throw new CarbonSpacesException(
                    "CarbonSpaces.UnsupportedSecret",
                    FailureKind.InvalidData,
                    $"Secret '{secretName}' is a {secret.GetType().Name}; store the API key as a string, a SecureString, or a PSCredential whose password is the key.",
                    secretName),
            };
        }

        private object GetSecret(string secretName, string? vault)
        {
            if (_cmdlet.InvokeCommand.GetCommand("Get-Secret", CommandTypes.Cmdlet | CommandTypes.Function) == null)
            {
                throw SecretManagementMissing(secretName, null);
            }

            try
            {
                var results = _cmdlet.InvokeCommand.InvokeScript(GetSecretScript, false, PipelineResultTypes.None, null, secretName, vault);
                return results.FirstOrDefault()?.BaseObject ?? throw SecretNotFound(secretName, vault, null);
            }
            catch (CommandNotFoundException ex)
            {
                throw SecretManagementMissing(secretName, ex);
            }
            catch (RuntimeException ex)
            {
                throw SecretNotFound(secretName, vault, ex);
            }
        }

        private static S3Credentials ToCredentials(object secret, string secretName, string? accessKeyId)
        {
            switch (secret)
            {
                case PSCredential credential:
                    return new S3Credentials(credential.UserName, credential.GetNetworkCredential().Password);
                case Hashtable table when table["AccessKey"] is object key && table["SecretKey"] is object value:
                    return new S3Credentials(Plain(key), Plain(value));
                case SecureString _:
                case string _:
                    if (string.IsNullOrEmpty(accessKeyId))
                    {
                        throw new CarbonSpacesException(
                            "CarbonSpaces.AccessKeyRequired",
                            FailureKind.InvalidArgument,
                            $"Secret '{secretName}' holds only a secret key. Give the access key with -AccessKey, or store a PSCredential (user name = access key) in the vault.",
                            secretName);
                    }

                    return new S3Credentials(accessKeyId!, Plain(secret));
                default:
                    throw new CarbonSpacesException(
                        "CarbonSpaces.UnsupportedSecret",
                        FailureKind.InvalidData,
                        $"Secret '{secretName}' is a {secret.GetType().Name}; store a PSCredential (user name = access key, password = secret key), a hashtable @{{AccessKey=…; SecretKey=…}}, or the secret key alone with -AccessKey.",
                        secretName);
            }
        }

        private static string Plain(object value) =>
            value is SecureString secure ? new NetworkCredential(string.Empty, secure).Password : value.ToString()!;

        private static CarbonSpacesException SecretManagementMissing(string secretName, Exception? inner) =>
            new CarbonSpacesException(
                "CarbonSpaces.SecretManagementUnavailable",
                FailureKind.ResourceUnavailable,
                $"Reading secret '{secretName}' needs the SecretManagement module. Install it (Install-Module Microsoft.PowerShell.SecretManagement, and a vault such as Microsoft.PowerShell.SecretStore), or connect with -Credential, -ProfileName or environment variables.",
                secretName,
                inner);

        private static CarbonSpacesException SecretNotFound(string secretName, string? vault, Exception? inner) =>
            new CarbonSpacesException(
                "CarbonSpaces.SecretNotFound",
                FailureKind.NotFound,
                $"Could not read secret '{secretName}'{(vault == null ? string.Empty : $" from vault '{vault}'")}: {inner?.Message ?? "it is empty."} Check the name with Get-SecretInfo.",
                secretName,
                inner);
    }
}
