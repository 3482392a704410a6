/** A patient's name in the order staff search by it: "Family, Given". */
export const patientName = (record: { family_name: string; given_name: string }) => `${record.family_name}, ${record.given_name}`;
