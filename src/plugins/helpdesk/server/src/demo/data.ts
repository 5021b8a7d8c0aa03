import type { AccountRole } from '../validation/accounts';

/**
 * The demo help desk: three teams, their people, a small catalog and sixty tickets. Everything here is a natural
 * key (emails, names, subjects), which is what makes loading it twice create nothing the second time.
 * The password is published in the README: demo data is for trying the help desk out, never for production.
 */
export const DEMO_PASSWORD = 'demo-password';

export const DEMO_GROUPS = ['IT Service Desk', 'Facilities', 'People Team'] as const;
export type DemoGroup = (typeof DEMO_GROUPS)[number];

export interface DemoAccount {
  email: string;
  name: string;
  role: AccountRole;
  group?: DemoGroup;
}

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { email: 'admin@demo.local', name: 'Alex Morgan', role: 'admin' },
  { email: 'staff1@demo.local', name: 'Sam Rivera', role: 'staff', group: 'IT Service Desk' },
  { email: 'staff2@demo.local', name: 'Priya Shah', role: 'staff', group: 'IT Service Desk' },
  { email: 'staff3@demo.local', name: 'Tom Becker', role: 'staff', group: 'Facilities' },
  { email: 'staff4@demo.local', name: 'Lena Novak', role: 'staff', group: 'Facilities' },
  { email: 'staff5@demo.local', name: 'Marcus Reed', role: 'staff', group: 'People Team' },
  { email: 'staff6@demo.local', name: 'Aiko Tanaka', role: 'staff', group: 'People Team' },
  { email: 'user1@demo.local', name: 'Uma Patel', role: 'user', group: 'IT Service Desk' },
  { email: 'user2@demo.local', name: 'Noah Kim', role: 'user', group: 'IT Service Desk' },
  { email: 'user3@demo.local', name: 'Olivia Brown', role: 'user', group: 'Facilities' },
  { email: 'user4@demo.local', name: 'Diego Alvarez', role: 'user', group: 'Facilities' },
  { email: 'user5@demo.local', name: 'Grace Liu', role: 'user', group: 'People Team' },
  { email: 'user6@demo.local', name: 'Felix Wagner', role: 'user', group: 'People Team' },
];

export const DEMO_TYPES = [
  { name: 'Question', description: 'Someone needs to know something.' },
  { name: 'Incident', description: 'Something that worked is broken.' },
  { name: 'Problem', description: 'The cause behind repeated incidents.' },
  { name: 'Task', description: 'A request for something to be done.' },
] as const;
export type DemoType = (typeof DEMO_TYPES)[number]['name'];

export interface DemoCategory {
  name: string;
  description: string;
  group: DemoGroup;
  items: readonly string[];
}

export const DEMO_CATEGORIES: readonly DemoCategory[] = [
  { name: 'Hardware', description: 'Laptops, screens, printers.', group: 'IT Service Desk', items: ['Laptop', 'Monitor', 'Printer'] },
  { name: 'Software', description: 'Email, VPN and office applications.', group: 'IT Service Desk', items: ['Email', 'VPN client', 'Office suite'] },
  { name: 'Accounts & Access', description: 'Passwords, sign-in and shared folders.', group: 'IT Service Desk', items: ['Password reset', 'Shared drive', 'Single sign-on'] },
  { name: 'Building', description: 'Heating, lighting, doors and badges.', group: 'Facilities', items: ['Heating & cooling', 'Lighting', 'Doors & locks'] },
  { name: 'Workspace', description: 'Desks, meeting rooms and parking.', group: 'Facilities', items: ['Desk & chair', 'Meeting room', 'Parking'] },
  { name: 'Payroll', description: 'Payslips, salary and expenses.', group: 'People Team', items: ['Payslip', 'Expenses'] },
  { name: 'Onboarding', description: 'Joiners and leavers.', group: 'People Team', items: ['New starter', 'Leaver'] },
];

export type Priority = 'Critical' | 'High' | 'Medium' | 'Low';

/** category, item (null: none), type, priority, subject, description */
export type DemoScenario = readonly [string, string | null, DemoType, Priority, string, string];

export const DEMO_SCENARIOS: readonly DemoScenario[] = [
  ['Hardware', 'Laptop', 'Incident', 'High', 'Laptop battery drains in under two hours', 'Since last week my laptop goes from full to empty in under two hours, with only email and a browser open.'],
  ['Hardware', 'Monitor', 'Incident', 'Medium', 'External monitor flickers when docked', 'The monitor on my desk flickers every few seconds while the laptop is in the dock. Undocked, the laptop screen is fine.'],
  ['Hardware', 'Printer', 'Incident', 'Low', 'Third-floor printer jams on double-sided jobs', 'Every double-sided job on the third-floor printer jams after the first page. Single-sided printing works.'],
  ['Hardware', 'Laptop', 'Task', 'Medium', 'Replacement charger needed', 'The cable of my charger is frayed next to the plug. Could I get a replacement?'],
  ['Hardware', 'Monitor', 'Task', 'Low', 'Second monitor for desk F-12', 'Requesting a second monitor for desk F-12 for the month-end reporting work.'],
  ['Hardware', 'Laptop', 'Incident', 'Critical', 'Laptop does not boot after last night\'s update', 'After the update last night the laptop shows a black screen with a blinking cursor. I have a client demo at 2 pm.'],
  ['Hardware', 'Printer', 'Question', 'Low', 'How do I print from my phone?', 'Is there a way to send print jobs from my phone to the office printers?'],
  ['Hardware', 'Laptop', 'Problem', 'High', 'Docking stations drop USB devices every morning', 'Several of us on the second floor lose keyboard and mouse on the dock every morning until we unplug and replug it.'],
  ['Software', 'Email', 'Incident', 'High', 'Mail client stuck on "Updating inbox"', 'My mail client has shown "Updating inbox" since this morning and no new mail arrives. Webmail shows new messages.'],
  ['Software', 'VPN client', 'Incident', 'Critical', 'VPN disconnects every ten minutes', 'Working from home, the VPN drops every ten minutes and calls cut out. Colleagues on the same provider see it too.'],
  ['Software', 'Office suite', 'Question', 'Low', 'Sharing a spreadsheet with an external partner', 'What is the approved way to share a spreadsheet with a partner outside the company?'],
  ['Software', 'Email', 'Task', 'Medium', 'Shared mailbox for the events team', 'Please set up events@ as a shared mailbox for the four people in the events team.'],
  ['Software', 'VPN client', 'Question', 'Medium', 'Which VPN profile should contractors use?', 'We have three contractors starting next month. Which VPN profile do they get, and who approves it?'],
  ['Software', 'Office suite', 'Incident', 'Medium', 'Spreadsheet macros disabled after update', 'Since the last office update, the macros in our budget workbook are blocked with a security warning.'],
  ['Software', 'Email', 'Problem', 'High', 'Calendar invites arrive an hour off for the Berlin office', 'Invites sent from the Berlin office show up one hour early for everyone else. It started after the clocks changed.'],
  ['Software', 'Office suite', 'Task', 'Low', 'Install the diagram editor', 'Could the diagram editor be installed on my laptop? My manager has approved it.'],
  ['Software', 'VPN client', 'Incident', 'High', 'VPN asks for a certificate that is not installed', 'The VPN client now says "no valid certificate found" and will not connect.'],
  ['Accounts & Access', 'Password reset', 'Task', 'High', 'Locked out after changing my password', 'I changed my password this morning and now every sign-in says the account is locked.'],
  ['Accounts & Access', 'Shared drive', 'Task', 'Medium', 'Access to the Marketing shared drive', 'I have joined the marketing team and need write access to the Marketing shared drive.'],
  ['Accounts & Access', 'Single sign-on', 'Incident', 'Critical', 'Single sign-on loops back to the login page', 'After entering my password and code, single sign-on sends me back to the login page, over and over.'],
  ['Accounts & Access', 'Password reset', 'Question', 'Low', 'How often do passwords have to be changed?', 'Is there still a rule to change passwords every 90 days?'],
  ['Accounts & Access', 'Shared drive', 'Incident', 'Medium', 'Shared drive files open read-only', 'All files in the Projects folder open read-only for me since yesterday, although I could edit them before.'],
  ['Accounts & Access', 'Single sign-on', 'Task', 'Medium', 'Add the new CRM to single sign-on', 'The sales team starts using the new CRM next month. Please connect it to single sign-on.'],
  ['Accounts & Access', 'Shared drive', 'Task', 'Low', 'Remove a former intern\'s access to Projects', 'Our intern left on Friday; please remove their access to the Projects folder.'],
  ['Accounts & Access', 'Password reset', 'Incident', 'High', 'Two-factor codes rejected on my new phone', 'I moved my authenticator to a new phone and now every code is rejected.'],
  ['Building', 'Heating & cooling', 'Incident', 'High', 'Meeting room 4B is too hot to use', 'Room 4B reaches 29 °C by noon; we have had to move two workshops out of it this week.'],
  ['Building', 'Lighting', 'Incident', 'Medium', 'Flickering light above the second-floor stairs', 'The ceiling light above the stairs between the first and second floor flickers constantly.'],
  ['Building', 'Doors & locks', 'Incident', 'Critical', 'Side entrance door does not lock', 'The side entrance next to the bike storage does not lock any more; the bolt does not catch.'],
  ['Building', 'Heating & cooling', 'Incident', 'Medium', 'Cold draught near the east windows', 'Desks along the east windows get a cold draught all day; two people are working in coats.'],
  ['Building', 'Lighting', 'Task', 'Low', 'Replace the bulbs in the bike storage', 'Two of the three lights in the bike storage are out.'],
  ['Building', 'Doors & locks', 'Task', 'Medium', 'Visitor badge for an auditor', 'An external auditor is with us for two weeks from Monday and needs a visitor badge for floors 1 to 3.'],
  ['Building', 'Heating & cooling', 'Question', 'Low', 'When is the heating switched on for winter?', 'Is there a date when the heating goes on for the winter?'],
  ['Building', 'Doors & locks', 'Incident', 'High', 'Car park gate badge reader is offline', 'The badge reader at the car park gate shows a red light and does not open the gate.'],
  ['Building', 'Lighting', 'Problem', 'Medium', 'Motion sensors switch lights off during meetings', 'In the small meeting rooms the lights go off after ten minutes when people sit still.'],
  ['Workspace', 'Desk & chair', 'Task', 'Medium', 'Standing desk for an accessibility request', 'Occupational health recommends a standing desk for me; the letter is attached to my HR file.'],
  ['Workspace', 'Meeting room', 'Incident', 'Medium', 'Screen in room 2A shows "no signal"', 'The screen in room 2A shows "no signal" with every laptop and every cable we tried.'],
  ['Workspace', 'Parking', 'Question', 'Low', 'Is there EV charging in the car park?', 'I am getting an electric car next month. Are there charging points, and how do I book one?'],
  ['Workspace', 'Desk & chair', 'Incident', 'Low', 'Broken chair wheel at desk M-07', 'One wheel of the chair at desk M-07 has come off.'],
  ['Workspace', 'Meeting room', 'Task', 'Low', 'Whiteboard markers for the third floor', 'All the whiteboard markers on the third floor have dried out.'],
  ['Workspace', 'Parking', 'Task', 'Medium', 'Parking permit for a new team member', 'Our new team member starts on the 1st and drives in three days a week.'],
  ['Workspace', 'Meeting room', 'Problem', 'High', 'Room booking shows occupied rooms as free', 'Several times this week the booking system showed rooms as free that were already in use.'],
  ['Workspace', 'Desk & chair', 'Task', 'Medium', 'Move four desks for the design team', 'The design team is moving next to product; four desks need to move from M-10..13 to P-01..04.'],
  ['Workspace', 'Parking', 'Incident', 'Medium', 'Car park barrier stuck open', 'The exit barrier has been stuck open since this morning.'],
  ['Payroll', 'Payslip', 'Question', 'Medium', 'Payslip shows the wrong tax code', 'My payslip for this month shows a different tax code from last month. Is this right?'],
  ['Payroll', 'Expenses', 'Question', 'Low', 'Deadline for submitting travel expenses', 'What is the deadline for submitting travel expenses for this quarter?'],
  ['Payroll', 'Expenses', 'Incident', 'High', 'Expense claim rejected without a reason', 'My claim for the Lisbon trip was rejected with no comment. The receipts are all attached.'],
  ['Payroll', 'Payslip', 'Question', 'Low', 'Where are last year\'s payslips?', 'Where can I download my payslips from last year? I need them for a mortgage application.'],
  ['Payroll', 'Expenses', 'Task', 'Medium', 'Reimburse a conference ticket bought personally', 'I paid for the conference ticket myself because the company card was blocked. Receipt attached.'],
  ['Payroll', 'Payslip', 'Incident', 'Critical', 'Salary not received this month', 'My salary has not arrived although payday was yesterday. My bank details have not changed.'],
  ['Payroll', 'Expenses', 'Question', 'Low', 'Can I claim a home-office chair?', 'I work from home three days a week. Can I claim an office chair as an expense?'],
  ['Payroll', 'Payslip', 'Task', 'Medium', 'Update my bank details for payroll', 'I have moved to a new bank; please use the new account from next month\'s salary.'],
  ['Onboarding', 'New starter', 'Task', 'High', 'Laptop and accounts for a starter on Monday', 'A new data engineer starts on Monday and needs a laptop, email and access to the analytics tools.'],
  ['Onboarding', 'New starter', 'Question', 'Low', 'Which induction sessions should new starters book?', 'Which induction sessions are mandatory in the first month, and where are they booked?'],
  ['Onboarding', 'Leaver', 'Task', 'Medium', 'Leaver checklist for a team member leaving Friday', 'A member of my team leaves on Friday. What do I need to do, and by when?'],
  ['Onboarding', 'New starter', 'Task', 'Medium', 'Buddy for the new data analyst', 'Please assign a buddy for the data analyst joining the finance team next week.'],
  ['Onboarding', 'Leaver', 'Question', 'Low', 'What happens to a leaver\'s mailbox?', 'After someone leaves, who gets access to their mailbox, and for how long?'],
  ['Onboarding', 'New starter', 'Incident', 'High', 'New starter cannot sign the contract online', 'Our new starter gets an error when signing the contract in the online portal.'],
  ['Onboarding', 'Leaver', 'Task', 'Medium', 'Collect equipment from a remote leaver', 'A remote colleague leaves at the end of the month; please arrange collection of the laptop and monitor.'],
  ['Onboarding', 'New starter', 'Problem', 'Medium', 'Starter packs arrive after the first day', 'The last three starter packs arrived after the person\'s first day.'],
  ['Onboarding', null, 'Question', 'Low', 'Broken link in the onboarding handbook', 'The "First week" link in the onboarding handbook goes to a page that no longer exists.'],
];

/**
 * Tags the demo puts on its tickets: ticket number i (in DEMO_SCENARIOS order) carries a tag when
 * i % every === offset, so some tickets have none, some one, and a few two.
 */
export const DEMO_TAGS: ReadonlyArray<{ name: string; description: string; every: number; offset: number }> = [
  { name: 'VIP', description: 'Someone whose work stops the business: answer first.', every: 9, offset: 2 },
  { name: 'Recurring', description: 'It happened before; link the earlier tickets.', every: 6, offset: 1 },
  { name: 'Needs vendor', description: 'Waiting on a supplier or manufacturer.', every: 10, offset: 4 },
  { name: 'Security', description: 'May involve a leaked credential or a breach: involve the security team.', every: 14, offset: 7 },
];
