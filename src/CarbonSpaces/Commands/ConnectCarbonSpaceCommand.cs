using System.Collections;
using System.Management.Automation;
using System.Net;
using System.Security;
using CarbonSpaces.Engine.Common;
using CarbonSpaces.Engine.Connections;
using CarbonSpaces.Engine.Sources;
using CarbonSpaces.Hosting;

namespace CarbonSpaces.Commands
{
    /// <summary>Verifies an access key against an S3 or Spaces endpoint and saves it as a data source.</summary>
    [Cmdlet(VerbsCommunications.Connect, "CarbonSpace", DefaultParameterSetName = EnvironmentSet, SupportsShouldProcess = true)]
    [OutputType(typeof(DataSource))]
    public sealed class ConnectCarbonSpaceCommand : CarbonCmdlet
    {
        private const string EnvironmentSet = "Environment";
        private const string CredentialSet = "Credential";
        private const string KeySet = "AccessKey";
        private const string ProfileSet = "Profile";
        private const string SecretSet = "SecretManagement";

        /// <summary>Host name or URL, e.g. nyc3.digitaloceanspaces.com; omit for Amazon S3.</summary>
        [Parameter(Position = 0)]
        public string? Endpoint { get; set; }

        /// <summary>The signing region; detected from Spaces and AWS endpoints, us-east-1 otherwise.</summary>
        [Parameter]
        public string? Region { get; set; }

        /// <summary>User name = access key, password = secret key. Kept in memory for this session only.</summary>
        [Parameter(Mandatory = true, ParameterSetName = CredentialSet)]
        [Credential]
        public PSCredential? Credential { get; set; }

        /// <summary>The access key id (with -SecretKey, or with -SecretName when the vault holds only the secret).</summary>
        [Parameter(Mandatory = true, ParameterSetName = KeySet)]
        [Parameter(ParameterSetName = SecretSet)]
        [ValidateNotNullOrEmpty]
        public string? AccessKey { get; set; }

        /// <summary>The secret key. Kept in memory for this session only.</summary>
        [Parameter(Mandatory = true, ParameterSetName = KeySet)]
        public SecureString? SecretKey { get; set; }

        /// <summary>A profile of the AWS shared credentials file, read at each use.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ProfileSet)]
        [ValidateNotNullOrEmpty]
        public string? ProfileName { get; set; }

        /// <summary>A SecretManagement secret (PSCredential, or the secret key with -AccessKey), read at each use.</summary>
        [Parameter(Mandatory = true, ParameterSetName = SecretSet)]
        [ValidateNotNullOrEmpty]
        public string? SecretName { get; set; }

        /// <summary>The SecretManagement vault holding -SecretName.</summary>
        [Parameter(ParameterSetName = SecretSet)]
        [ValidateNotNullOrEmpty]
        public string? Vault { get; set; }

        /// <summary>Overrides the provider detected from the endpoint (S3 or DigitalOcean).</summary>
        [Parameter]
        [ValidateSet("S3", "DigitalOcean")]
        public string? Provider { get; set; }

        /// <summary>The customer the data source belongs to; defaults to the current user name.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? CustomerId { get; set; }

        /// <summary>A display name; defaults to the endpoint host.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Name { get; set; }

        /// <summary>String tags kept with the data source.</summary>
        [Parameter]
        public Hashtable? Tag { get; set; }

        /// <summary>Load every bucket and object into items right after connecting.</summary>
        [Parameter]
        public SwitchParameter SyncItems { get; set; }

        protected override void ProcessRecord()
        {
            try
            {
                Connect();
            }
            catch (CarbonSpacesException ex)
            {
                WriteFailure(ex);
            }
        }

        private void Connect()
        {
            var request = new ConnectRequest
            {
                Endpoint = Endpoint,
                Region = Region,
                Provider = Provider == null ? (SourceProvider?)null : Provider == "DigitalOcean" ? SourceProvider.DigitalOcean : SourceProvider.S3,
                CustomerId = CustomerId,
                Name = Name,
                Tags = Tag == null ? null : TagParameter.Parse(Tag, nameof(Tag)),
            };

            // Asked before any secret is read, so -WhatIf never opens a vault.
            var target = string.IsNullOrEmpty(Endpoint) ? "Amazon S3" : Endpoint!;
            if (!ShouldProcess(target, "Verify the access key and save the data source"))
            {
                return;
            }

            SetCredential(request);

            var connected = Run((reporter, token) => Engine.DataSources.ConnectAsync(request, reporter, token));
            if (request.Credential.Source == CredentialSource.Session)
            {
                SessionCredentials.Remember(connected.DataSource.Endpoint, connected.Credentials);
            }

            var source = connected.DataSource;
            if (SyncItems)
            {
                try
                {
                    var result = Run((reporter, token) => Engine.ItemSync.SyncAsync(source.Id, null, reporter, token));
                    WriteVerbose($"Items synced: {result.Buckets} bucket(s), {result.Objects} object(s), +{result.Added} ~{result.Updated} -{result.Removed}.");
                }
                catch (CarbonSpacesException ex)
                {
                    // The data source is saved either way; the user still gets it, with the sync's error beside it.
                    WriteFailure(ex);
                }

                source = Engine.DataSources.Get(source.Id);
            }

            WriteObject(new DataSource(source));
        }

        private void SetCredential(ConnectRequest request)
        {
            switch (ParameterSetName)
            {
                case CredentialSet:
                    request.Credential = new CredentialReference(CredentialSource.Session);
                    request.Credentials = new S3Credentials(Credential!.UserName, Credential.GetNetworkCredential().Password);
                    break;
                case KeySet:
                    request.Credential = new CredentialReference(CredentialSource.Session);
                    request.Credentials = new S3Credentials(AccessKey!, new NetworkCredential(string.Empty, SecretKey).Password);
                    break;
                case ProfileSet:
                    request.Credential = new CredentialReference(CredentialSource.Profile, ProfileName);
                    break;
                case SecretSet:
                    request.Credential = new CredentialReference(CredentialSource.SecretManagement, SecretName, Vault);
                    request.Credentials = new PowerShellCredentialHost(this, Dispatcher).ReadSecret(SecretName!, Vault, AccessKey);
                    break;
                default:
                    request.Credential = new CredentialReference(CredentialSource.Environment);
                    break;
            }
        }
    }
}
