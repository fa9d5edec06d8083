using System;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using CarbonSpaces.Engine.Common;

namespace CarbonSpaces.Engine.Services.Http
{
    /// <summary>
    /// One JSON request to an embedding or rerank service, with the failures a user can act on: unreachable,
    /// key refused (401/403), throttled (429, retried as the service asks, three times), any other answer.
    /// Messages name the service and endpoint, never the key.
    /// </summary>
    internal static class ServiceRequest
    {
        private const int Attempts = 3;

        /// <summary>The longest a Retry-After is honoured; longer, and the failure is reported instead.</summary>
        private static readonly TimeSpan LongestWait = TimeSpan.FromSeconds(20);

        /// <summary>One client for the process: connections to a service are pooled across commands.</summary>
        private static readonly HttpClient Client = new HttpClient { Timeout = TimeSpan.FromMinutes(5) };

        public static async Task<JsonNode> PostAsync(string service, Uri address, JsonObject body, Action<HttpRequestMessage> authorize, CancellationToken cancellation)
        {
            string payload = body.ToJsonString();
            for (int attempt = 1; ; attempt++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, address) { Content = new StringContent(payload, Encoding.UTF8, "application/json") };
                authorize(request);
                HttpResponseMessage response;
                try
                {
                    response = await Client.SendAsync(request, cancellation).ConfigureAwait(false);
                }
                catch (HttpRequestException ex)
                {
                    throw new CarbonSpacesException(
                        "CarbonSpaces.ServiceUnreachable",
                        FailureKind.ConnectionFailed,
                        $"The {service} at {address.GetLeftPart(UriPartial.Authority)} could not be reached: {ex.Message} Check -Endpoint and that the service is running.",
                        address.ToString(),
                        ex);
                }

                using (response)
                {
                    string text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
                    if (response.IsSuccessStatusCode)
                    {
                        try
                        {
                            return JsonNode.Parse(text) ?? throw new JsonException("empty answer");
                        }
                        catch (JsonException ex)
                        {
                            throw Failed(service, address, $"answered with something other than JSON ({ex.Message})", ex);
                        }
                    }

                    if (response.StatusCode == HttpStatusCode.Unauthorized || response.StatusCode == HttpStatusCode.Forbidden)
                    {
                        throw new CarbonSpacesException(
                            "CarbonSpaces.ServiceKeyRejected",
                            FailureKind.AuthenticationFailed,
                            $"The {service} at {address.GetLeftPart(UriPartial.Authority)} refused the key ({(int)response.StatusCode}): {Excerpt(text)} Set the key again (-ApiKey or -ApiKeyVariable).",
                            address.ToString());
                    }

                    if ((int)response.StatusCode == 429)
                    {
                        var wait = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(attempt);
                        if (attempt < Attempts && wait <= LongestWait)
                        {
                            await Task.Delay(wait, cancellation).ConfigureAwait(false);
                            continue;
                        }

                        throw new CarbonSpacesException(
                            "CarbonSpaces.ServiceThrottled",
                            FailureKind.LimitExceeded,
                            $"The {service} at {address.GetLeftPart(UriPartial.Authority)} is rate limiting (429) after {attempt} attempt(s): {Excerpt(text)} Try again later or lower -ThrottleLimit.",
                            address.ToString());
                    }

                    throw Failed(service, address, $"answered {(int)response.StatusCode} {response.ReasonPhrase}: {Excerpt(text)}", null);
                }
            }
        }

        public static CarbonSpacesException Failed(string service, Uri address, string what, Exception? inner) =>
            new CarbonSpacesException(
                "CarbonSpaces.ServiceFailed",
                FailureKind.InvalidData,
                $"The {service} at {address.GetLeftPart(UriPartial.Authority)} {what} Check -Model and -Endpoint.",
                address.ToString(),
                inner);

        private static string Excerpt(string text) => text.Length <= 300 ? text : text.Substring(0, 300) + "…";
    }
}
