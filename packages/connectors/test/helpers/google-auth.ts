import { OAuth2Client } from 'google-auth-library';

/** A Google auth client with a fixed bearer token: no metadata-server probe, no token exchange, no network. */
export function fixedTokenAuth(token = 'test-token'): OAuth2Client {
  process.env.METADATA_SERVER_DETECTION = 'none';
  const client = new OAuth2Client();
  client.setCredentials({ access_token: token, expiry_date: Date.now() + 3_600_000 });
  return client;
}
