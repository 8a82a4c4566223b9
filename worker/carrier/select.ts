import type { Config } from '../env';
import type { CarrierGateway } from './gateway';
import { HttpCarrierGateway } from './http';
import { ReloadlyGateway } from './reloadly';
import { CarrierSimulator } from './simulator';

type CarrierConfig = Pick<
  Config,
  | 'CARRIER'
  | 'CARRIER_URL'
  | 'RELOADLY_CLIENT_ID'
  | 'RELOADLY_CLIENT_SECRET'
  | 'RELOADLY_AUTH_URL'
  | 'RELOADLY_API_URL'
>;

/**
 * The carrier gateway the configuration names (DESIGN 4): Reloadly when CARRIER=reloadly
 * (parseConfig refuses it without credentials), else the simulator's HTTP service when
 * CARRIER_URL is set, else the simulator in-process.
 */
export function carrierFromConfig(config: CarrierConfig): CarrierGateway {
  const { RELOADLY_CLIENT_ID: clientId, RELOADLY_CLIENT_SECRET: clientSecret } = config;
  if (config.CARRIER === 'reloadly' && clientId && clientSecret) {
    return new ReloadlyGateway({
      clientId,
      clientSecret,
      authUrl: config.RELOADLY_AUTH_URL,
      apiUrl: config.RELOADLY_API_URL,
    });
  }
  if (config.CARRIER_URL) return new HttpCarrierGateway(config.CARRIER_URL);
  return new CarrierSimulator();
}
