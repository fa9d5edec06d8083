using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using CarbonSpaces.Engine.Common;
using Npgsql;

namespace CarbonSpaces.Engine.Storage.Postgres
{
    /// <summary>
    /// A store in a PostgreSQL database, given as a libpq URI (postgresql://user@host:port/database?sslmode=require)
    /// or an Npgsql connection string (Host=…;Database=…). A password may come with it, or (better) from PGPASSWORD
    /// or the password file (PGPASSFILE, ~/.pgpass), which Npgsql reads itself when it connects; it is kept only in
    /// the connection string handed to Npgsql, never shown: <see cref="Display"/> leaves it out.
    /// </summary>
    public sealed class PostgresStoreLocation : StoreLocation
    {
        private static readonly string[] Schemes = { "postgresql://", "postgres://" };

        /// <summary>The URI query parameters understood, as libpq names them, and the Npgsql keyword each sets.</summary>
        private static readonly Dictionary<string, string> UriParameters = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["host"] = "Host",
            ["port"] = "Port",
            ["dbname"] = "Database",
            ["user"] = "Username",
            ["password"] = "Password",
            ["sslmode"] = "SSL Mode",
            ["sslrootcert"] = "Root Certificate",
            ["sslcert"] = "SSL Certificate",
            ["sslkey"] = "SSL Key",
            ["sslpassword"] = "SSL Password",
            ["application_name"] = "Application Name",
            ["connect_timeout"] = "Timeout",
            ["target_session_attrs"] = "Target Session Attributes",
            ["options"] = "Options",
        };

        private PostgresStoreLocation(NpgsqlConnectionStringBuilder builder)
        {
            if (string.IsNullOrEmpty(builder.ApplicationName))
            {
                // Shows who holds a connection in pg_stat_activity, where a DBA looks first.
                builder.ApplicationName = "CarbonSpaces";
            }

            ConnectionString = builder.ConnectionString;
            Display = DisplayOf(builder);
        }

        public override string Display { get; }

        /// <summary>What Npgsql connects with; it may hold the password, so it is never shown or stored.</summary>
        internal string ConnectionString { get; }

        /// <summary>
        /// -StoreCredential: its user name replaces the location's, its password any the location holds; PGPASSWORD and the
        /// password file are then not read (Npgsql reads them only when no password is given).
        /// </summary>
        private protected override StoreLocation WithCredential(NetworkCredential credential)
        {
            var builder = new NpgsqlConnectionStringBuilder(ConnectionString);
            if (!string.IsNullOrEmpty(credential.UserName))
            {
                builder.Username = credential.UserName;
            }

            builder.Password = credential.Password;
            return new PostgresStoreLocation(builder);
        }

        internal static bool Recognizes(string text)
        {
            var trimmed = text.Trim();
            return Schemes.Any(scheme => trimmed.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
                || IsConnectionString(trimmed);
        }

        internal static PostgresStoreLocation Parse(string text)
        {
            var trimmed = text.Trim();
            var scheme = Schemes.FirstOrDefault(s => trimmed.StartsWith(s, StringComparison.OrdinalIgnoreCase));
            return new PostgresStoreLocation(scheme != null ? FromUri(trimmed.Substring(scheme.Length)) : FromConnectionString(trimmed));
        }

        /// <summary>
        /// A connection string names its server (Host= or Server=); a file path practically never holds "host=" between
        /// semicolons, and a store file that did could still be given as ./host=x;y.db.
        /// </summary>
        private static bool IsConnectionString(string text) =>
            text.Split(';')
                .Select(part => part.Split(new[] { '=' }, 2))
                .Any(pair => pair.Length == 2 && IsHostKeyword(pair[0].Trim()));

        private static bool IsHostKeyword(string keyword) =>
            string.Equals(keyword, "Host", StringComparison.OrdinalIgnoreCase) || string.Equals(keyword, "Server", StringComparison.OrdinalIgnoreCase);

        private static NpgsqlConnectionStringBuilder FromConnectionString(string text)
        {
            try
            {
                return new NpgsqlConnectionStringBuilder(text);
            }
            catch (ArgumentException ex)
            {
                // Npgsql's message names the keyword or value at fault, never the rest of the string.
                throw Invalid($"the connection string is not one Npgsql reads ({ex.Message})");
            }
        }

        /// <summary>libpq's URI form: [user[:password]@][host][:port][,host[:port]…][/database][?name=value&amp;…], percent-encoded.</summary>
        private static NpgsqlConnectionStringBuilder FromUri(string rest)
        {
            var builder = new NpgsqlConnectionStringBuilder();
            var query = string.Empty;
            var queryStart = rest.IndexOf('?');
            if (queryStart >= 0)
            {
                query = rest.Substring(queryStart + 1);
                rest = rest.Substring(0, queryStart);
            }

            var pathStart = rest.IndexOf('/');
            var authority = pathStart >= 0 ? rest.Substring(0, pathStart) : rest;
            if (pathStart >= 0 && pathStart < rest.Length - 1)
            {
                builder.Database = Decode(rest.Substring(pathStart + 1));
            }

            var at = authority.LastIndexOf('@');
            if (at >= 0)
            {
                var user = authority.Substring(0, at);
                var colon = user.IndexOf(':');
                builder.Username = Decode(colon >= 0 ? user.Substring(0, colon) : user);
                if (colon >= 0)
                {
                    builder.Password = Decode(user.Substring(colon + 1));
                }

                authority = authority.Substring(at + 1);
            }

            if (authority.Length > 0)
            {
                SetHosts(builder, authority);
            }

            foreach (var parameter in query.Split(new[] { '&' }, StringSplitOptions.RemoveEmptyEntries))
            {
                SetParameter(builder, parameter);
            }

            if (string.IsNullOrEmpty(builder.Host))
            {
                throw Invalid("it names no host (write postgresql://user@host:port/database)");
            }

            return builder;
        }

        private static void SetHosts(NpgsqlConnectionStringBuilder builder, string hosts)
        {
            var parsed = hosts.Split(',').Select(ParseHost).ToList();
            if (parsed.Count == 1)
            {
                builder.Host = parsed[0].Host;
                if (parsed[0].Port is int port)
                {
                    builder.Port = port;
                }

                return;
            }

            // Several servers (a primary and its standbys): Npgsql takes each with its own port in Host.
            builder.Host = string.Join(",", parsed.Select(h => h.Port is int port ? $"{Bracketed(h.Host)}:{port}" : Bracketed(h.Host)));
        }

        private static (string Host, int? Port) ParseHost(string hostAndPort)
        {
            string host;
            string? port = null;
            if (hostAndPort.StartsWith("[", StringComparison.Ordinal))
            {
                // An IPv6 address: [::1]:5432
                var close = hostAndPort.IndexOf(']');
                if (close < 0)
                {
                    throw Invalid("an IPv6 host has no closing ']'");
                }

                host = hostAndPort.Substring(1, close - 1);
                var after = hostAndPort.Substring(close + 1);
                if (after.StartsWith(":", StringComparison.Ordinal))
                {
                    port = after.Substring(1);
                }
            }
            else
            {
                var colon = hostAndPort.LastIndexOf(':');
                host = colon >= 0 ? hostAndPort.Substring(0, colon) : hostAndPort;
                port = colon >= 0 ? hostAndPort.Substring(colon + 1) : null;
            }

            if (host.Length == 0)
            {
                throw Invalid("a host name is empty");
            }

            return (Decode(host), port == null ? (int?)null : ParsePort(port));
        }

        private static int ParsePort(string port) =>
            int.TryParse(port, out var value) && value > 0 && value <= 65535
                ? value
                : throw Invalid($"its port '{port}' is not a number from 1 to 65535");

        private static void SetParameter(NpgsqlConnectionStringBuilder builder, string parameter)
        {
            var pair = parameter.Split(new[] { '=' }, 2);
            var name = Decode(pair[0]);
            if (!UriParameters.TryGetValue(name, out var keyword))
            {
                throw Invalid($"its parameter '{name}' is not one CarbonSpaces understands (use {string.Join(", ", UriParameters.Keys)})");
            }

            var value = pair.Length == 2 ? Decode(pair[1]) : string.Empty;
            try
            {
                switch (name)
                {
                    case "port":
                        builder.Port = ParsePort(value);
                        break;
                    case "sslmode":
                        // libpq writes verify-full, Npgsql's enum VerifyFull
                        builder.SslMode = (SslMode)Enum.Parse(typeof(SslMode), value.Replace("-", string.Empty), ignoreCase: true);
                        break;
                    default:
                        builder[keyword] = value;
                        break;
                }
            }
            catch (Exception ex) when (ex is ArgumentException || ex is FormatException)
            {
                // The value is not repeated: it may be a password.
                throw Invalid($"the value of its parameter '{name}' is not valid");
            }
        }

        private static string Decode(string text) => Uri.UnescapeDataString(text);

        private static string Bracketed(string host) => host.Contains(":") ? $"[{host}]" : host;

        /// <summary>postgresql://user@host:port/database: what and where, with no password and no other setting.</summary>
        private static string DisplayOf(NpgsqlConnectionStringBuilder builder)
        {
            var user = string.IsNullOrEmpty(builder.Username) ? string.Empty : Uri.EscapeDataString(builder.Username) + "@";
            var host = builder.Host ?? string.Empty;
            var server = host.Contains(",") ? host : $"{Bracketed(host)}:{builder.Port}";
            var database = string.IsNullOrEmpty(builder.Database) ? string.Empty : "/" + Uri.EscapeDataString(builder.Database);
            return $"postgresql://{user}{server}{database}";
        }

        private static CarbonSpacesException Invalid(string reason) =>
            new CarbonSpacesException(
                "CarbonSpaces.InvalidStoreLocation",
                FailureKind.InvalidArgument,
                $"The PostgreSQL store location given by -StorePath or $env:{EnvironmentVariable} cannot be read: {reason}. " +
                "Write it as postgresql://user@host:port/database (the password from PGPASSWORD or the password file ~/.pgpass) " +
                "or as an Npgsql connection string (Host=…;Database=…), or give a file path for a SQLite store.");
    }
}
