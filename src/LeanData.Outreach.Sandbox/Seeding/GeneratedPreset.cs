using LeanData.Outreach.Sandbox.Model;

namespace LeanData.Outreach.Sandbox.Seeding;

/// <summary>
/// A generated org, identical for the same <see cref="SeedRequest"/>. Anchors that never trip a rule: user 1
/// with mailbox 1, and sequence 1 (shared, enabled, email steps, ruleset 1 = duplicates allowed). Every other
/// record trips a rule with probability <see cref="SeedRequest.ErrorRate"/>, spread over all the rule cases.
/// </summary>
public static class GeneratedPreset
{
    private static readonly string[] ShareTypes = { "shared", "shared", "shared", "read_only", "private" };

    public static void Load(SandboxData d, SeedRequest r)
    {
        var rng = new Random(r.RandomSeed);
        d.OrgName = $"Generated Org (seed {r.RandomSeed})";
        var users = Math.Max(1, r.Users);
        var sequences = Math.Max(1, r.Sequences);

        d.Rulesets[1] = new SandboxRuleset { Id = 1, Name = "Duplicates allowed", PermitDuplicateProspects = "allow" };
        d.Rulesets[2] = new SandboxRuleset { Id = 2, Name = "No duplicates", PermitDuplicateProspects = "disallow" };
        d.Rulesets[3] = new SandboxRuleset { Id = 3, Name = "Re-add when inactive", PermitDuplicateProspects = "only_if_inactive" };
        d.Rulesets[4] = new SandboxRuleset { Id = 4, Name = "Exclusive sequences", SequenceExclusivity = "exclusive_sequences" };
        d.Rulesets[5] = new SandboxRuleset { Id = 5, Name = "Exclusive of all", SequenceExclusivity = "all_sequences" };

        for (long id = 1; id <= users; id++)
        {
            var u = new SandboxUser { Id = id, Email = $"user{id}@gen{r.RandomSeed}.example", FirstName = "User", LastName = id.ToString(System.Globalization.CultureInfo.InvariantCulture), DefaultMailboxId = id };
            var m = new SandboxMailbox { Id = id, UserId = id, Email = u.Email };
            if (id > 1 && rng.NextDouble() < r.ErrorRate)
            {
                switch (rng.Next(4))
                {
                    case 0: u.Locked = true; break;
                    case 1: m.SendDisabled = true; break;
                    case 2: m.InvalidSendCredentials = true; break;
                    default: u.CanSequence = false; break;
                }
            }
            d.Users[id] = u;
            d.Mailboxes[id] = m;
        }

        long stepId = 1;
        for (long id = 1; id <= sequences; id++)
        {
            var anchor = id == 1;
            var s = new SandboxSequence
            {
                Id = id,
                Name = anchor ? "Generated: anchor sequence" : $"Generated sequence {id}",
                ShareType = anchor ? "shared" : ShareTypes[rng.Next(ShareTypes.Length)],
                Enabled = anchor || rng.NextDouble() >= 0.1,
                OwnerId = anchor ? 1 : rng.Next(1, users + 1),
                RulesetId = anchor ? 1 : rng.Next(1, 6),
            };
            d.Sequences[id] = s;
            var email = anchor || rng.NextDouble() < 0.7;
            var steps = email ? new[] { "auto_email", "call" } : new[] { "call", "task" };
            var order = 1;
            foreach (var t in steps)
            {
                d.SequenceSteps[stepId] = new SandboxSequenceStep { Id = stepId, SequenceId = id, Order = order++, StepType = t };
                stepId++;
            }
        }

        long stateId = 1;
        for (long id = 1; id <= r.Prospects; id++)
        {
            var p = new SandboxProspect
            {
                Id = id, FirstName = "Prospect", LastName = id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                OwnerId = rng.Next(1, users + 1), Title = "Buyer",
            };
            p.Emails.Add($"prospect{id}@gen{r.RandomSeed}.example");
            if (rng.NextDouble() < r.ErrorRate)
            {
                switch (rng.Next(8))
                {
                    case 0: p.OptedOut = true; break;
                    case 1: p.Emails.Clear(); break;
                    case 2: p.Deleted = true; break;
                    case 3: if (id > 1) p.MergedIntoId = rng.Next(1, (int)id); else p.Locked = true; break;
                    case 4: p.Locked = true; break;
                    case 5: p.CustomValidationError = DemoPreset.CustomValidationMessage; break;
                    default:
                        if (sequences > 1)
                        {
                            var seq = rng.Next(2, sequences + 1);
                            var now = SandboxClock.Epoch;
                            var st = rng.Next(3) switch { 0 => "finished", 1 => "paused", _ => "active" };
                            d.SequenceStates[stateId] = new SandboxSequenceState
                            {
                                Id = stateId, ProspectId = id, SequenceId = seq, MailboxId = 1, UserId = 1, State = st,
                                CreatedAt = now, UpdatedAt = now, StateChangedAt = now, ActiveAt = st == "active" ? now : null,
                            };
                            stateId++;
                        }
                        break;
                }
            }
            d.Prospects[id] = p;
        }
    }
}
