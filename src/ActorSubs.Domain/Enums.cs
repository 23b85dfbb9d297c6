namespace ActorSubs.Domain;

// Wire names are kebab-case (docs/api.md): see WireNames. The member names below map one to one.

public enum Tier { Trial, Free, Paid }

public enum Plan { Monthly, Annual, Biennial }

public enum Channel { AppStore, GooglePlay, Web }

public enum SubscriptionStatus { Active, Expiring, Grace, Expired }

public enum Platform { Ios, Android, Web }

public enum LicenceProduct { DesktopProSubscription, DesktopPermanent }

public enum TransactionKind { Purchase, LicencePack }
