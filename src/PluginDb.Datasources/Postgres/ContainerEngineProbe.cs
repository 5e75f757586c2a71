using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PluginDb.Datasources.Postgres;

/// <summary>
/// Finds a Docker-API engine that answers <c>GET /_ping</c>, in well under a second when there is
/// none; Testcontainers' own probe takes far longer to give up. The endpoints tried mirror Docker's
/// and Testcontainers' lookup (<c>DOCKER_HOST</c>, then the default socket), plus Podman's system socket.
/// </summary>
public static class ContainerEngineProbe
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(2);

    private static readonly byte[] PingRequest = Encoding.ASCII.GetBytes("GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n");

    /// <summary>
    /// The endpoints to try: <paramref name="configured"/> alone when given (callers pass
    /// <c>DOCKER_HOST</c> here: a user who names an engine means that one); else Docker's and Podman's sockets.
    /// </summary>
    public static IReadOnlyList<Uri> Candidates(Uri? configured)
    {
        if (configured is not null)
        {
            return [configured];
        }

        return [new Uri("unix:///var/run/docker.sock"), new Uri("unix:///run/podman/podman.sock")];
    }

    /// <summary>The first candidate that answers, or null.</summary>
    public static async Task<Uri?> FindAsync(Uri? configured, TimeSpan timeout, CancellationToken cancellationToken)
    {
        foreach (var endpoint in Candidates(configured))
        {
            if (await AnswersAsync(endpoint, timeout, cancellationToken))
            {
                return endpoint;
            }
        }

        return null;
    }

    /// <summary>The first candidate that answers, or null; for callers that cannot await (attribute constructors).</summary>
    public static Uri? Find(Uri? configured, TimeSpan timeout) =>
        Candidates(configured).FirstOrDefault(endpoint => Answers(endpoint, timeout));

    /// <summary>The message for <see cref="ContainerEngineUnavailableException"/>.</summary>
    public static string NoEngineMessage(Uri? configured) =>
        "No Docker-API container engine answered at " + string.Join(", ", Candidates(configured)) + ". " +
        "Start Docker, or Podman's API service (`podman system service --time=0 unix:///run/podman/podman.sock`, " +
        "see .ci/containers.sh) and set DOCKER_HOST to its socket.";

    private static async Task<bool> AnswersAsync(Uri endpoint, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (EndPointOf(endpoint) is not { } target)
        {
            return false;
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        using var socket = NewSocket(target);
        try
        {
            await socket.ConnectAsync(target, deadline.Token);
            await socket.SendAsync(PingRequest, SocketFlags.None, deadline.Token);
            var buffer = new byte[256];
            var read = await socket.ReceiveAsync(buffer, SocketFlags.None, deadline.Token);
            return IsSuccess(buffer, read);
        }
        catch (Exception e) when (e is SocketException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return false;
        }
    }

    private static bool Answers(Uri endpoint, TimeSpan timeout)
    {
        if (EndPointOf(endpoint) is not { } target)
        {
            return false;
        }

        using var socket = NewSocket(target);
        socket.SendTimeout = socket.ReceiveTimeout = (int)timeout.TotalMilliseconds;
        try
        {
            var connecting = socket.BeginConnect(target, null, null);
            if (!connecting.AsyncWaitHandle.WaitOne(timeout))
            {
                return false;
            }

            socket.EndConnect(connecting);
            socket.Send(PingRequest);
            var buffer = new byte[256];
            return IsSuccess(buffer, socket.Receive(buffer));
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static EndPoint? EndPointOf(Uri endpoint) => endpoint.Scheme switch
    {
        "unix" when File.Exists(endpoint.LocalPath) => new UnixDomainSocketEndPoint(endpoint.LocalPath),
        "tcp" or "http" => new DnsEndPoint(endpoint.Host, endpoint.Port < 0 ? 2375 : endpoint.Port),
        _ => null,
    };

    private static Socket NewSocket(EndPoint target) => target is UnixDomainSocketEndPoint
        ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
        : new Socket(SocketType.Stream, ProtocolType.Tcp);

    // "HTTP/1.1 200 OK": the status code is the second word of the first line.
    private static bool IsSuccess(byte[] buffer, int read) =>
        Encoding.ASCII.GetString(buffer, 0, read).Split(' ', 3) is [_, "200", ..];
}
