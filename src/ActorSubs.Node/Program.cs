using ActorSubs.Node;

var builder = WebApplication.CreateBuilder(args);
builder.AddActorSubsNode();
var app = builder.Build();
app.UseActorSubsNode();
app.Run();

/// <summary>Entry point; public so tests can start the node in-process.</summary>
public partial class Program;
