using System.Buffers.Binary;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Npgsql;

namespace PluginDb.Datasources.Postgres;

/// <summary>The session's byte stream: the socket (TCP or a Unix-domain socket folder), TLS as the SSL mode asks, message framing and cancel requests.</summary>
internal sealed partial class SimpleQueryConnection
{
    private static async Task<Socket> ConnectAsync(string host, int port, CancellationToken cancellationToken)
    {
        var (socket, endPoint) = SocketFor(host, port);
        try
        {
            if (endPoint is null)
            {
                await socket.ConnectAsync(host, port, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await socket.ConnectAsync(endPoint, cancellationToken).ConfigureAwait(false);
            }
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    // A host starting with '/' is the directory holding the server's socket, as libpq and Npgsql read it.
    private static (Socket Socket, UnixDomainSocketEndPoint? EndPoint) SocketFor(string host, int port) =>
        host.StartsWith('/')
            ? (new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified), new UnixDomainSocketEndPoint(Path.Combine(host, $".s.PGSQL.{port}")))
            : (new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true }, null);

    private static async Task<Stream> NegotiateTlsAsync(Stream stream, string host, PostgresLogin settings, CancellationToken cancellationToken)
    {
        var request = new byte[8];
        BinaryPrimitives.WriteInt32BigEndian(request, 8);
        BinaryPrimitives.WriteInt32BigEndian(request.AsSpan(4), SslRequestCode);
        await stream.WriteAsync(request, cancellationToken).ConfigureAwait(false);
        var answer = new byte[1];
        await stream.ReadExactlyAsync(answer, cancellationToken).ConfigureAwait(false);
        if (answer[0] != (byte)'S')
        {
            return settings.SslMode == SslMode.Prefer
                ? stream
                : throw new AuthenticationException($"The server at {host} does not accept TLS, which SSL Mode={settings.SslMode} requires.");
        }

        // Require and Prefer encrypt without checking the certificate, as Npgsql does; VerifyCA checks the
        // chain, VerifyFull also the host name.
        var verify = settings.SslMode is SslMode.VerifyCA or SslMode.VerifyFull;
        var root = string.IsNullOrEmpty(settings.RootCertificate) ? null : X509CertificateLoader.LoadCertificateFromFile(settings.RootCertificate);
        var tls = new SslStream(stream, leaveInnerStreamOpen: false, (_, certificate, chain, errors) =>
        {
            if (!verify)
            {
                return true;
            }
            if (settings.SslMode == SslMode.VerifyCA)
            {
                errors &= ~SslPolicyErrors.RemoteCertificateNameMismatch;
            }
            if (root is not null && certificate is not null && chain is not null && errors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors))
            {
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(root);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                if (chain.Build(X509CertificateLoader.LoadCertificate(certificate.GetRawCertData())))
                {
                    errors &= ~SslPolicyErrors.RemoteCertificateChainErrors;
                }
            }
            return errors == SslPolicyErrors.None;
        });
        var options = new SslClientAuthenticationOptions { TargetHost = host };
        if (!string.IsNullOrEmpty(settings.SslCertificate))
        {
            // A client certificate (libpq's sslcert/sslkey), PEM as PostgreSQL's docs make them.
            options.ClientCertificates = [X509Certificate2.CreateFromPemFile(settings.SslCertificate, string.IsNullOrEmpty(settings.SslKey) ? null : settings.SslKey)];
        }
        await tls.AuthenticateAsClientAsync(options, cancellationToken).ConfigureAwait(false);
        return tls;
    }

    private void SendCancelRequest()
    {
        try
        {
            var (socket, endPoint) = SocketFor(_host, _port);
            using var _ = socket;
            if (endPoint is null)
            {
                socket.Connect(_host, _port);
            }
            else
            {
                socket.Connect(endPoint);
            }
            var request = new byte[16];
            BinaryPrimitives.WriteInt32BigEndian(request, 16);
            BinaryPrimitives.WriteInt32BigEndian(request.AsSpan(4), CancelRequestCode);
            BinaryPrimitives.WriteInt32BigEndian(request.AsSpan(8), _processId);
            BinaryPrimitives.WriteInt32BigEndian(request.AsSpan(12), _secretKey);
            socket.Send(request);
        }
        catch (SocketException)
        {
            // Best effort, as libpq's PQcancel: the query then runs to its end.
        }
    }

    private async Task<(char Type, byte[] Body)> ReadMessageAsync(CancellationToken cancellationToken)
    {
        var header = new byte[5];
        await _stream.ReadExactlyAsync(header, cancellationToken).ConfigureAwait(false);
        var length = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(1));
        var body = new byte[length - 4];
        await _stream.ReadExactlyAsync(body, cancellationToken).ConfigureAwait(false);
        return ((char)header[0], body);
    }

    private async Task WriteMessageAsync(char type, byte[] body, CancellationToken cancellationToken)
    {
        var message = new byte[5 + body.Length];
        message[0] = (byte)type;
        BinaryPrimitives.WriteInt32BigEndian(message.AsSpan(1), 4 + body.Length);
        body.CopyTo(message, 5);
        await _stream.WriteAsync(message, cancellationToken).ConfigureAwait(false);
        await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static void WriteInt32(Stream stream, int value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(bytes, value);
        stream.Write(bytes);
    }

    private static void WriteCString(Stream stream, string value)
    {
        stream.Write(Encoding.UTF8.GetBytes(value));
        stream.WriteByte(0);
    }
}
