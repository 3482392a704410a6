import { describe, expect, it, vi } from 'vitest';
import { createDataProvider } from '../../providers/dataProvider.ts';

describe('uploadPatientDocument', () => {
  it('when a document is uploaded, then it goes to the patient as a multipart form with one `documents` file', async () => {
    const upload = vi.fn(async (_url: string, _body: Blob) => ({ status: 201, headers: new Headers(), body: '', json: { id: 555 } }));
    const file = new File(['%PDF-1.7 certificate'], 'marriage "final".pdf', { type: 'application/pdf' });

    const { data } = await createDataProvider(vi.fn(), { upload }).uploadPatientDocument({ patientId: 101, file });

    expect(data).toEqual({ id: 555 });
    const [url, body] = upload.mock.calls[0];
    expect(url).toBe('/api/patients/101/documents');
    const boundary = /^multipart\/form-data; boundary=(-{4}[0-9a-z]+)$/.exec(body.type)?.[1];
    expect(boundary).toBeTruthy();
    expect(await body.text()).toBe(
      `--${boundary}\r\nContent-Disposition: form-data; name="documents"; filename="marriage %22final%22.pdf"\r\nContent-Type: application/pdf\r\n\r\n` +
        `%PDF-1.7 certificate\r\n--${boundary}--\r\n`,
    );
  });
});
