"""The pure rules of the courses domain, each module one concept:

- `kinds`: the closed vocabularies (lesson modes, course categories, course and enrolment status);
- `plan`: the smart-training plan rules over planned lessons, with the figures a refusal quotes;
- `load`: one trainee's day across courses (the daily limit, two lessons at once);
- `recurrence` and `holidays`: a weekly timetable expanded into dated lessons, public holidays off;
- `status`: how a course moves along its status, by hand and by the calendar;
- `digits`: figures shown without contradicting the exact verdict they explain.

No database, web or language code here (a test keeps it so): rules answer with codes and
figures; `classroom.courses.texts` turns those into catalogue messages in Korean and English.
"""
