import { teamSchemas, type Team } from '../../domain/team';

/**
 * A filled-in team, as the Office would write it in the round plan: the lead, a deputy who signs
 * KT., a deputy without signing authority, members from the Center and from a department, and the
 * Thư ký.
 */
export const SAMPLE_TEAM: Team = teamSchemas().team.parse({
  lead: { name: 'Nguyễn Văn An', position: 'Phó Chánh Văn phòng UBND thành phố', email: 'an@haiphong.example' },
  deputies: [
    { name: 'Trần Thị Bình', position: 'Giám đốc Trung tâm Phục vụ hành chính công thành phố', authority: 'KT.' },
    { name: 'Lê Văn Cường', position: 'Phó Giám đốc Trung tâm Phục vụ hành chính công thành phố' },
  ],
  members: [
    { name: 'Phạm Thị Dung', position: 'Chuyên viên', organisation: 'Trung tâm Phục vụ hành chính công thành phố' },
    { name: 'Hoàng Văn Em', position: 'Chuyên viên', organisation: 'Sở Tư pháp' },
  ],
  secretary: { name: 'Trung tâm Phục vụ hành chính công thành phố', email: 'thuky@haiphong.example' },
});
