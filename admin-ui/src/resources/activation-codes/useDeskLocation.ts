import { useState } from 'react';

const KEY = 'portaldesk.desk-location';

/**
 * Where this computer issues codes (a clinic or desk), for the weekly report per location. Kept
 * in this browser's storage: it describes the workstation, not a patient.
 */
export function useDeskLocation(): [string, (location: string) => void] {
  const [location, setLocation] = useState(() => {
    try {
      return localStorage.getItem(KEY) ?? '';
    } catch {
      return '';
    }
  });
  const remember = (value: string) => {
    setLocation(value);
    try {
      if (value.trim()) localStorage.setItem(KEY, value.trim());
      else localStorage.removeItem(KEY);
    } catch {
      // Storage refused (private mode): the location still applies to this page.
    }
  };
  return [location, remember];
}
