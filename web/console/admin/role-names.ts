import { msg } from '@lit/localize';
import type { Role } from '../../../core/api/enums';

/** A role in the admin's language. */
export function roleName(role: Role): string {
  switch (role) {
    case 'retailer':
      return msg('Retailer', { id: 'role.retailer' });
    case 'distributor':
      return msg('Distributor', { id: 'role.distributor' });
    case 'manager':
      return msg('Regional manager', { id: 'role.manager' });
    case 'admin':
      return msg('Admin', { id: 'role.admin' });
  }
}
