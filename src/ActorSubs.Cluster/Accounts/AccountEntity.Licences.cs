using ActorSubs.Cluster.Licences;
using ActorSubs.Domain;
using Akka.Actor;
using Akka.Event;
using static ActorSubs.Cluster.Accounts.AccountProtocol;

namespace ActorSubs.Cluster.Accounts;

public sealed partial class AccountEntity
{
    /// <summary>R7: the registry entity of the key must grant it before the account records it.</summary>
    private void ClaimLicence(AccountCommands.RegisterLicence licence, Execute execute, IActorRef replyTo)
    {
        _deps.Licences.Tell(new LicenceProtocol.Claim(licence.Key.Value, AccountId.Value));
        Timers.StartSingleTimer(ClaimTimeout.Instance, ClaimTimeout.Instance, _settings.LicenceClaimTimeout);
        BecomeStacked(() =>
        {
            Command<LicenceProtocol.Granted>(granted => granted.Key == licence.Key.Value, _ =>
            {
                EndClaim();
                // Decide again: time has passed, and the state is unchanged because everything else was stashed.
                var decision = AccountDecider.Decide(_state, execute.Command, Now, _rules);
                if (decision.Rejection is { } late) replyTo.Tell(new Rejected(late));
                else PersistThen(decision.Events, () => replyTo.Tell(new Accepted(View())));
            });
            Command<LicenceProtocol.Refused>(refused => refused.Key == licence.Key.Value, _ =>
            {
                EndClaim();
                replyTo.Tell(new Rejected(Rejection.Conflict(RejectionCodes.LicenceAlreadyRegistered,
                    "This licence key is already registered by another account.")));
            });
            Command<ClaimTimeout>(_ =>
            {
                EndClaim();
                _log.Warning("Licence registry did not answer for {0} within {1}", PersistenceId, _settings.LicenceClaimTimeout);
                replyTo.Tell(new Rejected(new Rejection(RejectionCodes.Unavailable,
                    "The licence registry did not answer in time; try again.", RejectionKind.Unavailable, [])));
            });
            CommandAny(_ => Stash.Stash());
        });
    }

    private void EndClaim()
    {
        Timers.Cancel(ClaimTimeout.Instance);
        UnbecomeStacked();
        Stash.UnstashAll();
    }

    private sealed class ClaimTimeout
    {
        public static readonly ClaimTimeout Instance = new();
    }
}
