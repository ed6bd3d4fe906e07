/** A Salesforce API error: the HTTP status plus the `[{message, errorCode, fields}]` body element. */
export class SalesforceError extends Error {
  readonly statusCode: number;
  readonly errorCode: string;
  readonly fields: string[] | undefined;

  constructor(statusCode: number, errorCode: string, message: string, fields?: string[]) {
    super(message);
    this.name = 'SalesforceError';
    this.statusCode = statusCode;
    this.errorCode = errorCode;
    this.fields = fields;
  }

  toBody(): Array<{ message: string; errorCode: string; fields?: string[] }> {
    return [
      {
        message: this.message,
        errorCode: this.errorCode,
        ...(this.fields === undefined ? {} : { fields: this.fields }),
      },
    ];
  }
}

export const invalidField = (message: string): SalesforceError =>
  new SalesforceError(400, 'INVALID_FIELD', message);

export const malformedQuery = (message: string): SalesforceError =>
  new SalesforceError(400, 'MALFORMED_QUERY', message);

export const notFound = (message = 'The requested resource does not exist'): SalesforceError =>
  new SalesforceError(404, 'NOT_FOUND', message);
