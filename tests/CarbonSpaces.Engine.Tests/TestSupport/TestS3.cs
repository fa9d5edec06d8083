using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using CarbonSpaces.Engine.Connections;
using CarbonSpaces.Engine.Sources;
using CarbonSpaces.Tests.Shared;

namespace CarbonSpaces.Engine.Tests.TestSupport
{
    /// <summary>The test RGW from the tests' side: an admin client to seed buckets, and requests ready for the engine.</summary>
    public static class TestS3
    {
        static TestS3()
        {
            Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true");
        }

        public static S3TestServer Server => S3TestServer.Shared;

        public static S3Credentials Credentials => new S3Credentials(Server.AccessKey, Server.SecretKey);

        public static IAmazonS3 AdminClient() => ClientFor(Credentials);

        /// <summary>A bucket name no other test uses.</summary>
        public static string UniqueBucket(string purpose) =>
            $"{purpose}-{Guid.NewGuid():N}".Substring(0, Math.Min(purpose.Length + 13, 63)).ToLowerInvariant();

        /// <summary>A new RGW user: it sees only its own buckets, so a whole-source sync is isolated from other tests.</summary>
        public static S3Credentials NewUser() => NewUser(out _);

        /// <param name="userId">The RGW user id, for bucket policies that name the user (arn:aws:iam:::user/&lt;id&gt;).</param>
        public static S3Credentials NewUser(out string userId)
        {
            userId = "user-" + Guid.NewGuid().ToString("N").Substring(0, 12);
            var (accessKey, secretKey) = Server.CreateUser(userId);
            return new S3Credentials(accessKey, secretKey);
        }

        public static IAmazonS3 ClientFor(S3Credentials credentials, string? endpoint = null) => new AmazonS3Client(
            new BasicAWSCredentials(credentials.AccessKeyId, credentials.SecretAccessKey),
            new AmazonS3Config
            {
                ServiceURL = endpoint ?? Server.Endpoint,
                ForcePathStyle = true,
                AuthenticationRegion = Server.Region,
                UseHttp = true,
                RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
                ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            });

        public static ConnectRequest ConnectRequest(string? name = null, S3Credentials? credentials = null) => new ConnectRequest
        {
            Endpoint = Server.Endpoint,
            Region = Server.Region,
            Credential = new CredentialReference(CredentialSource.Session),
            Credentials = credentials ?? Credentials,
            Name = name,
            CustomerId = "tests@example.com",
        };

        public static async Task CreateBucketAsync(IAmazonS3 client, string bucket)
        {
            await client.PutBucketAsync(new PutBucketRequest { BucketName = bucket });
        }

        public static Task PutAsync(IAmazonS3 client, string bucket, string key, string content) =>
            client.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, ContentBody = content });

        public static Task PutAsync(IAmazonS3 client, string bucket, string key, byte[] content) =>
            client.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, InputStream = new System.IO.MemoryStream(content) });

        /// <summary>Uploads many objects, 16 at a time.</summary>
        public static async Task PutManyAsync(IAmazonS3 client, string bucket, IEnumerable<KeyValuePair<string, string>> objects)
        {
            using var gate = new SemaphoreSlim(16);
            var uploads = objects.Select(async o =>
            {
                await gate.WaitAsync();
                try
                {
                    await PutAsync(client, bucket, o.Key, o.Value);
                }
                finally
                {
                    gate.Release();
                }
            });
            await Task.WhenAll(uploads);
        }

        public static async Task DeleteBucketAsync(IAmazonS3 client, string bucket)
        {
            string? token = null;
            do
            {
                var page = await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, ContinuationToken = token });
                foreach (var batch in (page.S3Objects ?? new List<S3Object>()).Select((o, i) => (o, i)).GroupBy(x => x.i / 1000))
                {
                    await client.DeleteObjectsAsync(new DeleteObjectsRequest
                    {
                        BucketName = bucket,
                        Objects = batch.Select(x => new KeyVersion { Key = x.o.Key }).ToList(),
                    });
                }

                token = page.IsTruncated == true ? page.NextContinuationToken : null;
            }
            while (token != null);
            await client.DeleteBucketAsync(bucket);
        }

        public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
    }
}
