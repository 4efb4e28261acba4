import { toIso } from "../core/parse-query";
import { EMAIL_TYPES, type LemlistActivity, type LemlistCampaign, type LemlistData } from "./lemlist-model";

/** An activity as GET /activities shows it; v2 nests `lead{}`, v1 carries a flat `email`. Optional fields come and go. */
export function renderActivity(options: { activity: LemlistActivity; data: LemlistData; version: "v1" | "v2" }): Record<string, unknown> {
  const { activity, data } = options;
  const { campaign, lead } = activity;
  const sender = data.users[campaign.name.length % data.users.length] ?? data.users[0];
  const record: Record<string, unknown> = {
    _id: activity.id,
    type: activity.type,
    isFirst: activity.isFirst,
    createdAt: toIso(activity.createdAtMs),
    teamId: data.teamId,
    leadId: lead.leadId,
    contactId: lead.contactId,
    campaignId: campaign.id,
    campaignName: campaign.name,
    sequenceId: campaign.sequenceId,
  };
  if (activity.sequenceStep !== undefined) {
    record.sequenceStep = activity.sequenceStep;
    if (campaign.hasStepIds) record.stepId = campaign.stepIds[activity.sequenceStep];
    if (EMAIL_TYPES.has(activity.type)) record.emailTemplateId = campaign.templateIds[activity.sequenceStep];
  }
  if (activity.emailId !== undefined) record.emailId = activity.emailId;
  if (sender) {
    record.sendUserId = sender.id;
    record.sendUserEmail = sender.email;
  }
  record.leadFirstName = lead.person.firstName;
  record.leadLastName = lead.person.lastName;
  record.leadEmail = lead.recordEmail;
  record.leadCompanyName = lead.person.companyName;
  if (activity.relatedSentAtMs !== undefined) record.relatedSentAt = toIso(activity.relatedSentAtMs);
  Object.assign(record, lead.variables);
  if (options.version === "v2") {
    record.lead = { _id: lead.leadId, isPaused: lead.isPaused, state: lead.state, variables: { email: lead.recordEmail, ...lead.variables } };
  } else {
    record.email = lead.recordEmail;
  }
  return record;
}

export function renderCampaign(campaign: LemlistCampaign): Record<string, unknown> {
  // Drafts carry neither status nor createdAt in some answers: optional fields a client must not require.
  if (campaign.status === "draft") return { _id: campaign.id, name: campaign.name, labels: [] };
  return { _id: campaign.id, name: campaign.name, labels: [], status: campaign.status, createdAt: toIso(campaign.createdAtMs) };
}
