/** What `/leads` and `/followup` say when they cannot answer. */

export const NOT_MATCHED =
  "I couldn't match your Slack account to a Salesforce user (bullpen matches by email). Ask your bullpen admin: `bullpen doctor` lists who is unmatched.";

export const COMMAND_FAILED =
  'Something went wrong on our side while reading your leads. Please try again in a minute.';
