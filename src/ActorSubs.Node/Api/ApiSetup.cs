using ActorSubs.Node.Api.RateLimiting;

namespace ActorSubs.Node.Api;

/// <summary>The HTTP API's part of a node: JSON, problems, authentication and authorization (called from NodeSetup).</summary>
public static class ApiSetup
{
    public static IServiceCollection AddActorSubsApi(this IServiceCollection services)
    {
        services.ConfigureHttpJsonOptions(o => WireJson.Configure(o.SerializerOptions));
        // Registered before AddProblemDetails adds ASP.NET's default writer, so this one is asked first.
        services.AddSingleton<IProblemDetailsWriter, ProblemJsonWriter>();
        services.AddProblemDetails(o => o.CustomizeProblemDetails = ProblemConventions.Complete);
        services.AddApiAuthentication();
        services.AddActorSubsRateLimits();
        // AuthenticationHandler logs every challenge and refusal at Information. A refused request is the client's
        // mistake, answered with a problem; a storm of them (a fleet with a revoked key) would flood the log.
        services.AddLogging(logging => logging.AddFilter(typeof(BearerAuthenticationHandler).FullName, LogLevel.Warning));
        // The host's "Request starting" line (Information) writes the whole URL, query string included, and the sockets
        // take their token as ?access_token=: held at Warning in code, so raising Microsoft.AspNetCore in configuration
        // cannot put tokens in the log.
        services.AddLogging(logging => logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning));
        return services;
    }

    /// <summary>
    /// First in the pipeline: exceptions, and answers that carry only a status (unknown route 404, wrong method 405,
    /// 415 from routing, ...), become problem documents through <see cref="IProblemDetailsService"/>
    /// (<see cref="ProblemConventions"/>). A request the client abandoned gets no answer (499, not logged as an error).
    /// </summary>
    public static IApplicationBuilder UseActorSubsProblems(this IApplicationBuilder app) =>
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = exception => exception is ApiProblem problem ? problem.Status
                : exception is BadHttpRequestException bad ? bad.StatusCode
                : StatusCodes.Status500InternalServerError,
            // A refusal thrown on purpose is an answer, not an error: only the unexpected is logged (at Error).
            SuppressDiagnosticsCallback = handled => handled.Exception is ApiProblem or BadHttpRequestException,
        }).UseStatusCodePages();

    /// <summary>
    /// After the metrics middleware, so refused requests are counted. The endpoints' policies (<see cref="ApiPolicies"/>)
    /// decide; a challenge or refusal is written by <see cref="BearerAuthenticationHandler"/>. The rate limits sit between
    /// the two steps: they read the credential authentication recognised, and refuse before authorization admits.
    /// </summary>
    public static IApplicationBuilder UseActorSubsAuthentication(this IApplicationBuilder app) =>
        app.UseAuthentication().UseActorSubsRateLimits().UseAuthorization();
}
