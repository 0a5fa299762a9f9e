import os from 'node:os';
import { Client, WorkflowUpdateFailedError } from '@temporalio/client';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { localDateOf } from '../domain/dates';
import { type InspectionState, stateQuery, updates } from '../workflows/inspection/contract';
import { ORIGIN_HEADER } from '../workflows/kit/origin';
import { cleanEnv, kiemtra } from './kit/process';
import { stillHistoryLength } from './kit/temporal';
import { notifiedInspection, openForm, postForm, useWebStack } from './kit/web';

/**
 * Who did it, as authenticated, apart from the free-text `--by`: the `kiemtra-via` header of each
 * update (client/origin-header.ts, workflows/interceptors.ts) through a real worker, the CLI and
 * the page server on a dev server.
 */
describe('who did it, in history (dev server, CLI, page server)', () => {
  const stack = useWebStack();
  const me = `${os.userInfo().username}@${os.hostname()}`;
  const today = () => localDateOf(Date.now());
  const stateOf = (id: string) => stack.env.client.workflow.getHandle(id).query(stateQuery);
  const cli = (id: string, ...args: string[]) =>
    kiemtra([...args, '--year', id.split('-')[1]!], cleanEnv({ TEMPORAL_ADDRESS: stack.env.connection.options.address }));
  /** The headers of the updates the engine accepted, in its history. */
  async function acceptedHeaders(id: string): Promise<unknown[]> {
    const { events } = await stack.env.client.workflow.getHandle(id).fetchHistory();
    return events!.flatMap((e) => {
      const fields = e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.header?.fields;
      return fields?.[ORIGIN_HEADER] ? [defaultPayloadConverter.fromPayload(fields[ORIGIN_HEADER] as Payload)] : [];
    });
  }

  it("records a coordinator's command as the OS user at the host, even with --by naming the unit", async () => {
    const unit = 'UBND xã Yết Kiêu';
    const { id } = await notifiedInspection(stack, unit);
    const done = await cli(
      id,
      'report',
      unit,
      '--received',
      today(),
      '--indicator',
      'onlineReceived=70',
      '--indicator',
      'satisfaction=96',
      '--by',
      unit,
    );
    expect(done.stderr).toBe('');
    expect((await stateOf(id)).history.at(-1)).toMatchObject({
      actor: unit,
      action: 'Ghi nhận báo cáo phục vụ kiểm tra',
      via: { channel: 'cli', identity: me },
    });
    expect(await acceptedHeaders(id)).toEqual([{ channel: 'cli', identity: me }]);
    const status = await cli(id, 'status', unit);
    expect(status.stdout).toContain(`${unit} (người dùng ${me} trên dòng lệnh): Ghi nhận báo cáo phục vụ kiểm tra`);
  }, 90_000);

  it("records a unit's submission through its link as done through the link", async () => {
    const unit = 'UBND xã Tiên Lãng';
    const { id, report } = await notifiedInspection(stack, unit);
    const page = await openForm(report);
    const posted = await postForm(report, { _csrf: page.csrf!, ind_onlineReceived: '85', ind_satisfaction: '97' }, [], page.cookie);
    expect(posted.status).toBe(303);
    expect((await stateOf(id)).history.at(-1)).toMatchObject({ actor: unit, via: { channel: 'link', identity: unit } });
    const status = await cli(id, 'status', unit);
    expect(status.stdout).toContain(`${unit} (qua đường dẫn gửi ${unit}): Ghi nhận báo cáo phục vụ kiểm tra`);
  }, 90_000);

  it('accepts an update without the header (an older client) and refuses a malformed one in Vietnamese, changing nothing', async () => {
    const { id } = await notifiedInspection(stack, 'UBND xã Vĩnh Bảo');
    const payload = { receivedOn: today(), indicators: { onlineReceived: 70, satisfaction: 96 }, by: 'Phòng KSTTHC' };
    // A client whose header is not an origin.
    const forged = new Client({
      connection: stack.env.connection,
      interceptors: {
        workflow: [
          {
            startUpdate: (input, next) =>
              next({
                ...input,
                headers: { ...input.headers, [ORIGIN_HEADER]: defaultPayloadConverter.toPayload({ channel: 'cli', identity: 'a\u202Eb' }) },
              }),
          },
        ],
      },
    });
    const before = await stillHistoryLength(stack.env.client.workflow.getHandle(id));
    const err = await forged.workflow
      .getHandle(id)
      .executeUpdate(updates.recordReport, { args: [payload] })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
    expect(((err as Error).cause as Error).message).toMatch(/^Dữ liệu không hợp lệ: thông tin người gửi \(kiemtra-via\) không đúng dạng/);
    expect((await stack.env.client.workflow.getHandle(id).fetchHistory()).events!.length).toBe(before);
    expect((await stateOf(id)).report).toBeUndefined();

    const plain: InspectionState = await stack.env.client.workflow.getHandle(id).executeUpdate(updates.recordReport, { args: [payload] });
    expect(plain.report).toBeDefined();
    expect(plain.history.at(-1)).toMatchObject({ actor: 'Phòng KSTTHC', action: 'Ghi nhận báo cáo phục vụ kiểm tra' });
    expect(plain.history.at(-1)!.via).toBeUndefined();
    expect(await acceptedHeaders(id)).toEqual([]);
  }, 90_000);
});
