using LeanData.Outreach.Sandbox.Model;

namespace LeanData.Outreach.Sandbox.Seeding;

/// <summary>
/// The "demo" data set: fixed ids that other tests and sample Salesforce records rely on. README.md
/// ("The demo preset") lists each record and the case it triggers; keep the two in step.
/// </summary>
public static class DemoPreset
{
    public static class Users
    {
        public const long Admin = 1, Sender = 2, Locked = 3, SendDisabled = 4, BadCredentials = 5, Restricted = 6;
    }

    public static class Sequences
    {
        public const long SharedEmail = 1, SharedCallOnly = 2, Private = 3, ExclusiveA = 4, ExclusiveB = 5, ReAddWhenInactive = 6,
            Disabled = 7, AllExclusive = 8, LockedShared = 9;
    }

    public static class Prospects
    {
        public const long Success1 = 1, Success2 = 2, Success3 = 3, Success4 = 4, Success5 = 5, Success6 = 6, OptedOut = 7, NoEmail = 8,
            Deleted = 9, Merged = 10, AlreadyInSequence = 11, ActiveInExclusive = 12, Locked = 13, CustomValidation = 14,
            ActiveInReAdd = 15, ActiveInAllExclusive = 16;
    }

    public const string CustomValidationMessage = "Custom validation failed: Prospect field 'Region' is required before adding to a sequence";

    public static void Load(SandboxData d)
    {
        d.OrgName = "LeanData Demo Org";
        d.OrgGuid = "5a1d0c0e-0000-4000-8000-00000000dead";

        User(d, Users.Admin, "ada.admin@demo.example", "Ada", "Admin");
        User(d, Users.Sender, "ben.sender@demo.example", "Ben", "Sender");
        User(d, Users.Locked, "cara.locked@demo.example", "Cara", "Locked").Locked = true;
        User(d, Users.SendDisabled, "dan.nosend@demo.example", "Dan", "NoSend");
        User(d, Users.BadCredentials, "eve.badcreds@demo.example", "Eve", "BadCreds");
        User(d, Users.Restricted, "finn.restricted@demo.example", "Finn", "Restricted").CanSequence = false;
        d.Mailboxes[Users.SendDisabled].SendDisabled = true;
        d.Mailboxes[Users.BadCredentials].InvalidSendCredentials = true;

        Ruleset(d, 1, "Default: no duplicates", "disallow", "none");
        Ruleset(d, 2, "Duplicates allowed", "allow", "none");
        Ruleset(d, 3, "Re-add when inactive", "only_if_inactive", "none");
        Ruleset(d, 4, "Exclusive sequences", "disallow", "exclusive_sequences");
        Ruleset(d, 5, "Exclusive of all sequences", "disallow", "all_sequences");

        long step = 1;
        void Seq(long id, string name, string share, long ruleset, bool enabled, bool locked, params string[] steps)
        {
            d.Sequences[id] = new SandboxSequence { Id = id, Name = name, ShareType = share, Enabled = enabled, Locked = locked, OwnerId = Users.Admin, RulesetId = ruleset };
            var order = 1;
            foreach (var t in steps) { d.SequenceSteps[step] = new SandboxSequenceStep { Id = step, SequenceId = id, Order = order++, StepType = t }; step++; }
        }
        Seq(Sequences.SharedEmail, "Demo: Shared Email Nurture", "shared", 1, true, false, "auto_email", "call", "manual_email");
        Seq(Sequences.SharedCallOnly, "Demo: Shared Call Blitz (no email)", "shared", 2, true, false, "call", "task");
        Seq(Sequences.Private, "Demo: Ada's Private Sequence", "private", 1, true, false, "auto_email");
        Seq(Sequences.ExclusiveA, "Demo: Exclusive Sequence A", "shared", 4, true, false, "auto_email");
        Seq(Sequences.ExclusiveB, "Demo: Exclusive Sequence B", "shared", 4, true, false, "auto_email");
        Seq(Sequences.ReAddWhenInactive, "Demo: Re-add When Inactive", "shared", 3, true, false, "auto_email");
        Seq(Sequences.Disabled, "Demo: Disabled Sequence", "shared", 2, false, false, "auto_email");
        Seq(Sequences.AllExclusive, "Demo: Exclusive of All Sequences", "shared", 5, true, false, "auto_email");
        Seq(Sequences.LockedShared, "Demo: Locked Shared Sequence", "read_only", 2, true, true, "auto_email", "task");

        Prospect(d, Prospects.Success1, "Paula", "Success", "paula.success@acme.example");
        Prospect(d, Prospects.Success2, "Sam", "Success", "sam.success@acme.example");
        Prospect(d, Prospects.Success3, "Sue", "Success", "sue.success@globex.example");
        Prospect(d, Prospects.Success4, "Sid", "Success", "sid.success@globex.example");
        Prospect(d, Prospects.Success5, "Sara", "Success", "sara.success@initech.example");
        Prospect(d, Prospects.Success6, "Saul", "Success", "saul.success@initech.example");
        Prospect(d, Prospects.OptedOut, "Olive", "OptedOut", "olive.optout@acme.example").OptedOut = true;
        Prospect(d, Prospects.NoEmail, "Nora", "NoEmail", null);
        Prospect(d, Prospects.Deleted, "Dora", "Deleted", "dora.deleted@acme.example").Deleted = true;
        Prospect(d, Prospects.Merged, "Mia", "Merged", "mia.merged@acme.example").MergedIntoId = Prospects.Success1;
        Prospect(d, Prospects.AlreadyInSequence, "Al", "Already", "al.already@acme.example");
        Prospect(d, Prospects.ActiveInExclusive, "Xena", "Exclusive", "xena.exclusive@acme.example");
        Prospect(d, Prospects.Locked, "Lou", "Locked", "lou.locked@acme.example").Locked = true;
        Prospect(d, Prospects.CustomValidation, "Cody", "Custom", "cody.custom@acme.example").CustomValidationError = CustomValidationMessage;
        Prospect(d, Prospects.ActiveInReAdd, "Rita", "Readd", "rita.readd@acme.example");
        Prospect(d, Prospects.ActiveInAllExclusive, "Abe", "AllExclusive", "abe.allexclusive@acme.example");

        State(d, 1, Prospects.AlreadyInSequence, Sequences.SharedEmail, "finished");
        State(d, 2, Prospects.ActiveInExclusive, Sequences.ExclusiveA, "active");
        State(d, 3, Prospects.ActiveInReAdd, Sequences.ReAddWhenInactive, "active");
        State(d, 4, Prospects.ActiveInAllExclusive, Sequences.AllExclusive, "active");
    }

    private static SandboxUser User(SandboxData d, long id, string email, string first, string last)
    {
        var u = new SandboxUser { Id = id, Email = email, FirstName = first, LastName = last, DefaultMailboxId = id };
        d.Users[id] = u;
        d.Mailboxes[id] = new SandboxMailbox { Id = id, UserId = id, Email = email };
        return u;
    }

    private static void Ruleset(SandboxData d, long id, string name, string duplicates, string exclusivity) =>
        d.Rulesets[id] = new SandboxRuleset { Id = id, Name = name, PermitDuplicateProspects = duplicates, SequenceExclusivity = exclusivity };

    private static SandboxProspect Prospect(SandboxData d, long id, string first, string last, string? email)
    {
        var p = new SandboxProspect { Id = id, FirstName = first, LastName = last, OwnerId = Users.Sender, Title = "Buyer" };
        if (email is not null) p.Emails.Add(email);
        d.Prospects[id] = p;
        return p;
    }

    private static void State(SandboxData d, long id, long prospect, long sequence, string state) =>
        d.SequenceStates[id] = new SandboxSequenceState
        {
            Id = id, ProspectId = prospect, SequenceId = sequence, MailboxId = Users.Sender, UserId = Users.Sender, State = state,
            CreatedAt = SandboxClock.Epoch, UpdatedAt = SandboxClock.Epoch, StateChangedAt = SandboxClock.Epoch,
            ActiveAt = state == "active" ? SandboxClock.Epoch : null,
        };
}
